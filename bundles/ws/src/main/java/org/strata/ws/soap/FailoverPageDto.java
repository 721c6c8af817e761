package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "FailoverPage",
        propOrder = {"items", "offset", "limit", "total"})
public class FailoverPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<FailoverDto> items = new ArrayList<>();

    public FailoverPageDto() {}
}

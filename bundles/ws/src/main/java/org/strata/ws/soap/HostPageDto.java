package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "HostPage",
        propOrder = {"items", "offset", "limit", "total"})
public class HostPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<HostDto> items = new ArrayList<>();

    public HostPageDto() {}
}

package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "DatacenterPage",
        propOrder = {"items", "offset", "limit", "total"})
public class DatacenterPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<DatacenterDto> items = new ArrayList<>();

    public DatacenterPageDto() {}
}

package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "ClusterPage",
        propOrder = {"items", "offset", "limit", "total"})
public class ClusterPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<ClusterDto> items = new ArrayList<>();

    public ClusterPageDto() {}
}

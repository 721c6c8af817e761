package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "ResourcePoolPage",
        propOrder = {"items", "offset", "limit", "total"})
public class PoolPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<PoolDto> items = new ArrayList<>();

    public PoolPageDto() {}
}

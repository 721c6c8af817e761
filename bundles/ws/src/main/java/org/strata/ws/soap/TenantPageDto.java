package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "TenantPage",
        propOrder = {"items", "offset", "limit", "total"})
public class TenantPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<TenantDto> items = new ArrayList<>();

    public TenantPageDto() {}
}

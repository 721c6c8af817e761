package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "ProvisioningPage",
        propOrder = {"items", "offset", "limit", "total"})
public class ProvisioningPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<ProvisioningDto> items = new ArrayList<>();

    public ProvisioningPageDto() {}
}

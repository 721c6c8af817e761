package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

@XmlType(
        name = "VirtualMachinePage",
        propOrder = {"items", "offset", "limit", "total"})
public class VmPageDto extends PageDto {
    @XmlElement(name = "item")
    public List<VirtualMachineDto> items = new ArrayList<>();

    public VmPageDto() {}
}

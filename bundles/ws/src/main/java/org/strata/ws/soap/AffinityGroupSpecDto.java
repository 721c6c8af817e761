package org.strata.ws.soap;

import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** An affinity group to create or change; on a change, absent VMs and absent host labels keep the group's. */
@XmlType(name = "AffinityGroupSpec")
public class AffinityGroupSpecDto {
    public String name;
    public String description;
    public String kind;
    public String enforcement;

    @XmlElement(name = "vmId")
    public List<String> vmIds;

    @XmlElement(name = "hostLabel")
    public List<LabelDto> hostLabels;

    public AffinityGroupSpecDto() {}
}

package org.strata.ws.soap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/**
 * An affinity or anti-affinity group of a cluster's VMs: kind {@code affinity} or {@code anti-affinity},
 * enforcement {@code must} or {@code should}; without host labels a VM-VM rule, with them a VM-host rule.
 */
@XmlType(name = "AffinityGroup")
public class AffinityGroupDto {
    public String id;
    public String clusterId;
    public String name;
    public String description;
    public String kind;
    public String enforcement;

    @XmlElement(name = "vmId")
    public List<String> vmIds = new ArrayList<>();

    @XmlElement(name = "hostLabel")
    public List<LabelDto> hostLabels = new ArrayList<>();

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public AffinityGroupDto() {}
}

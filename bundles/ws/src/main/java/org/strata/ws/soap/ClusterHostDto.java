package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A hypervisor host as a member of a cluster. */
@XmlType(name = "ClusterHost")
public class ClusterHostDto {
    public String hostId;
    public String hostName;
    public String clusterId;
    /** none; entering (its VMs are being moved off, or some could not move); in (empty). */
    public String maintenance;

    /** Sorted by key. */
    @XmlElement(name = "label")
    public List<LabelDto> labels = new ArrayList<>();

    public ClusterHostDto() {}
}

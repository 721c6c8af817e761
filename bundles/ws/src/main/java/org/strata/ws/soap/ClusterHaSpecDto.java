package org.strata.ws.soap;

import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/**
 * A change to a cluster's HA settings: an absent element keeps the cluster's value; an empty leaseDirectory removes
 * it. JAXB cannot tell an absent list from an empty one, so {@code clearFailoverHosts} empties them.
 */
@XmlType(name = "ClusterHaSpec")
public class ClusterHaSpecDto {
    public Boolean enabled;
    /** An Admission name: NONE, HOST_FAILURES, PERCENTAGE or FAILOVER_HOSTS. */
    public String admission;

    public Integer hostFailures;
    public Integer cpuPercent;
    public Integer memoryPercent;

    @XmlElement(name = "failoverHost")
    public List<String> failoverHosts;

    public Boolean clearFailoverHosts;
    public String leaseDirectory;

    public ClusterHaSpecDto() {}
}

package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A cluster's HA settings; admission an Admission name (NONE, HOST_FAILURES, PERCENTAGE, FAILOVER_HOSTS). */
@XmlType(name = "ClusterHa")
public class ClusterHaDto {
    public String clusterId;
    public boolean enabled;
    public String admission;
    public int hostFailures;
    public int cpuPercent;
    public int memoryPercent;

    @XmlElement(name = "failoverHost")
    public List<String> failoverHosts = new ArrayList<>();

    /** Absent: no lease directory. */
    public String leaseDirectory;

    public ClusterHaDto() {}
}

package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/**
 * A cluster to create or change. Absent fields take the default on create (balanced, manual, level 3, 4 migrations a
 * round, 1 host kept on, CPU overcommit 4.0, memory 1.0) and keep the cluster's value on a change.
 */
@XmlType(name = "ClusterSpec")
public class ClusterSpecDto {
    /** Required on create; on a change absent or the cluster's own. */
    public String datacenterId;

    public String name;
    public String description;
    public String policy;
    public String automation;
    public Integer balancingLevel;
    public Integer maxMigrations;
    public Integer minPoweredOnHosts;
    public Double cpuOvercommit;
    public Double memoryOvercommit;

    public ClusterSpecDto() {}
}

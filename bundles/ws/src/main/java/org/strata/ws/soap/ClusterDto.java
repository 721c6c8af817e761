package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** Hypervisor hosts of one datacenter that share storage and networks (the datacenter layer). */
@XmlType(name = "Cluster")
public class ClusterDto {
    public String id;
    public String datacenterId;
    public String name;
    public String description;
    /** balanced, performance or power-saving: what the cluster follows outside its calendar's windows. */
    public String policy;
    /** manual (balancing and power management recommend) or automatic (they act). */
    public String automation;

    public int balancingLevel;
    public int maxMigrations;
    public int minPoweredOnHosts;
    public double cpuOvercommit;
    public double memoryOvercommit;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public ClusterDto() {}
}

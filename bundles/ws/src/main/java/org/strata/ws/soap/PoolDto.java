package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

@XmlType(name = "ResourcePool")
public class PoolDto {
    public String id;
    public String datacenterId;
    public String parentId;
    public String name;
    public String description;
    /** Absent means unlimited. */
    public Integer cpuLimit;
    /** Absent means unlimited. */
    public Long memoryLimitMb;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public PoolDto() {}
}

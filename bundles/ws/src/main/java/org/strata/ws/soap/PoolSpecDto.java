package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

@XmlType(name = "PoolSpec")
public class PoolSpecDto {
    public String datacenterId;
    public String parentId;
    public String name;
    public String description;
    public Integer cpuLimit;
    public Long memoryLimitMb;

    public PoolSpecDto() {}
}

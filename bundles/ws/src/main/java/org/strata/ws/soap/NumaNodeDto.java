package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** One NUMA node of a host. */
@XmlType(name = "NumaNode")
public class NumaNodeDto {
    public int id;
    public int cpus;
    public long memoryMb;

    public NumaNodeDto() {}
}

package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A new volume; format qcow2 (default) or raw. */
@XmlType(name = "VolumeSpec")
public class VolumeSpecDto {
    public String pool;
    public String name;
    public long capacityMb;
    public String format;

    public VolumeSpecDto() {}
}

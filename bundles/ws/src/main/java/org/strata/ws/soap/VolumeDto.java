package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A volume in a storage pool; 'path' is what a VM disk's source names. */
@XmlType(name = "Volume")
public class VolumeDto {
    public String id;
    public String hostId;
    public String pool;
    public String name;
    public long capacityBytes;
    public long allocationBytes;
    public String format;
    public String path;

    public VolumeDto() {}
}

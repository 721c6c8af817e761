package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A storage pool with its capacity and free space; -1 where the backend does not say. */
@XmlType(name = "StoragePool")
public class StoragePoolDto {
    public String hostId;
    public String name;
    public long capacityBytes;
    public long freeBytes;

    public StoragePoolDto() {}
}

package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/**
 * A storage pool with its capacity and free space (-1 where the backend does not say), and what its volumes are
 * promised (the sum of their capacities) and how many there are.
 */
@XmlType(
        name = "StoragePool",
        propOrder = {"hostId", "name", "capacityBytes", "freeBytes", "provisionedBytes", "volumes"})
public class StoragePoolDto {
    public String hostId;
    public String name;
    public long capacityBytes;
    public long freeBytes;
    public long provisionedBytes;
    public int volumes;

    public StoragePoolDto() {}
}

package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** Who sees a storage pool: a cluster's hosts (clusterId) or one host (hostId). */
@XmlType(name = "StorageAttachment")
public class StorageAttachmentDto {
    public String storageHostId;
    public String pool;
    public String clusterId;
    public String hostId;

    public StorageAttachmentDto() {}
}

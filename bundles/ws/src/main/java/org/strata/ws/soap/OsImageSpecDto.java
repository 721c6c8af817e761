package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A golden image to register; kernel, initrd and nfsRoot only for NAS boot. */
@XmlType(name = "OsImageSpec")
public class OsImageSpecDto {
    public String name;
    public String profileId;
    public String storageHostId;
    public String pool;
    public String volume;
    public String kernel;
    public String initrd;
    public String nfsRoot;

    public OsImageSpecDto() {}
}

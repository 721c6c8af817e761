package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A registered golden image: a volume of a storage host, and for NAS boot its kernel, initrd and NFS root. */
@XmlType(name = "OsImage")
public class OsImageDto {
    public String id;
    public String name;
    public String profileId;
    public String storageHostId;
    public String pool;
    public String volume;
    public String kernel;
    public String initrd;
    public String nfsRoot;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    public OsImageDto() {}
}

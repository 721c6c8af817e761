package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** The guest's OS as its agent reports it (QEMU's guest-get-osinfo); kernel is the kernel's release. */
@XmlType(name = "GuestOs")
public class GuestOsDto {
    public String id;
    public String name;
    public String prettyName;
    public String version;
    public String versionId;
    public String kernel;
    public String machine;

    public GuestOsDto() {}
}

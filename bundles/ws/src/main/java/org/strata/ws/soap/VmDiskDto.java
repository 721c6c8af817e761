package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A disk or CD-ROM drive of a VM. */
@XmlType(name = "VmDisk")
public class VmDiskDto {
    public String device;
    public String source;
    public String format;
    public String bus;
    public String target;
    public boolean readOnly;

    public VmDiskDto() {}
}

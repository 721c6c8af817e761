package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A network interface of a VM. */
@XmlType(name = "VmNic")
public class VmNicDto {
    public String attachment;
    public String source;
    public String mac;
    public String model;

    public VmNicDto() {}
}

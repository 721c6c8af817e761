package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A host in a power management report, and why. */
@XmlType(name = "PowerHost")
public class PowerHostDto {
    public String hostId;
    public String hostName;
    public String reason;
    /** For a host in standby, when it entered standby (ISO-8601). */
    public String since;

    public PowerHostDto() {}
}

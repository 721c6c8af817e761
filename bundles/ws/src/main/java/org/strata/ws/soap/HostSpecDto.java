package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A host to add or change. The password is write-only; on a change, leaving it out keeps the stored one. */
@XmlType(name = "HostSpec")
public class HostSpecDto {
    public String name;
    public String datacenterId;
    public String poolId;
    public String driverId;
    public String address;
    public String username;
    public String password;
    /** The bare-metal machine host whose BMC manages this host's power; on a change, leaving it out clears it. */
    public String bmcHostId;

    public HostSpecDto() {
    }

    @Override
    public String toString() {
        return "HostSpecDto[name=" + name + ", address=" + address + ", username=" + username
                + ", password=" + (password == null ? "null" : "******") + ", bmcHostId=" + bmcHostId + "]";
    }
}

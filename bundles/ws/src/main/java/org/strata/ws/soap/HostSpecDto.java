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
    /** HYPERVISOR, STORAGE or MACHINE. Taken from the driver when it runs (a different one is refused); needed to add
     *  a host before its driver runs; on a change, leaving it out keeps the recorded kind. */
    public String kind;

    public HostSpecDto() {}

    @Override
    public String toString() {
        return "HostSpecDto[name=" + name + ", address=" + address + ", username=" + username + ", password="
                + (password == null ? "null" : "******") + ", bmcHostId=" + bmcHostId + ", kind=" + kind + "]";
    }
}

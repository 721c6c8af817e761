package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

/** A host as returned: never with its password. */
@XmlType(name = "Host")
public class HostDto {
    public String id;
    public String name;
    public String datacenterId;
    public String poolId;
    public String driverId;
    public String address;
    public String username;
    public boolean hasPassword;
    /** A HostState name: AVAILABLE, DRIVER_UNAVAILABLE, UNREACHABLE, AUTHENTICATION_FAILED. */
    public String state;

    public String stateReason;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;
    /** What the host reported at its last contact; absent before the first. */
    public HostInfoDto info;
    /** The bare-metal machine host whose BMC manages this host's power; absent when none is named. */
    public String bmcHostId;
    /** A HostKind name: HYPERVISOR, STORAGE or MACHINE; absent only for a host recorded before kinds were whose
     *  driver has not run since. */
    public String kind;

    public HostDto() {}
}

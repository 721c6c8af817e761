package org.strata.api.inventory;

/**
 * What a caller gives to add or change a host. {@code password} is write-only: it is encrypted at rest
 * and never returned. On a change, a null password keeps the stored one. {@code bmcHostId} (nullable) names
 * the bare-metal machine host whose BMC manages this host's power; on a change it is replaced as given, so
 * null clears it. {@code kind} (nullable, since 1.4) says what the host is: when the driver runs, its kind
 * decides and a different one given here is refused; when it does not, the kind given here is recorded (a new
 * host then needs one). On a change, null keeps the recorded kind.
 */
public record HostSpec(
        String name,
        String datacenterId,
        String poolId,
        String driverId,
        String address,
        String username,
        String password,
        String bmcHostId,
        HostKind kind) {

    /** A spec that leaves the kind to the driver. */
    public HostSpec(
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            String password,
            String bmcHostId) {
        this(name, datacenterId, poolId, driverId, address, username, password, bmcHostId, null);
    }

    /** A spec without a BMC, as callers wrote it before hosts could name one. */
    public HostSpec(
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            String password) {
        this(name, datacenterId, poolId, driverId, address, username, password, null, null);
    }

    @Override
    public String toString() {
        return "HostSpec[name=" + name + ", datacenterId=" + datacenterId + ", poolId=" + poolId
                + ", driverId=" + driverId + ", address=" + address + ", username=" + username
                + ", password=" + (password == null ? "null" : "******") + ", bmcHostId=" + bmcHostId
                + ", kind=" + kind + "]";
    }
}

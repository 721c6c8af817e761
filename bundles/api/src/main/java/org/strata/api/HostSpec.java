package org.strata.api;

/**
 * What a caller gives to add or change a host. {@code password} is write-only: it is encrypted at rest
 * and never returned. On a change, a null password keeps the stored one.
 */
public record HostSpec(String name, String datacenterId, String poolId, String driverId,
                       String address, String username, String password) {

    @Override
    public String toString() {
        return "HostSpec[name=" + name + ", datacenterId=" + datacenterId + ", poolId=" + poolId
                + ", driverId=" + driverId + ", address=" + address + ", username=" + username
                + ", password=" + (password == null ? "null" : "******") + "]";
    }
}

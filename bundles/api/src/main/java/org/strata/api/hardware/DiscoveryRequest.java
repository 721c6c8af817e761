package org.strata.api.hardware;

import java.util.List;

/**
 * Where to look for BMCs and how to log in to them.
 *
 * @param addresses   one IPv4 address, a range "10.0.0.1-10.0.0.40", or a CIDR block "10.0.0.0/26" (at most 4096)
 * @param ports       UDP ports: "623" (default), "9001-9050"
 * @param driverId    the hardware driver that speaks to them ("ipmi")
 * @param credentials tried in order on each BMC that answers; the first that works is stored, encrypted
 */
public record DiscoveryRequest(
        String datacenterId,
        String poolId,
        String driverId,
        String addresses,
        String ports,
        List<BmcCredentials> credentials) {

    public DiscoveryRequest {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }
}

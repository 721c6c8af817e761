package org.strata.api.datacenter;

import java.util.List;

/**
 * Why placement would choose a host for a VM: every host it considered, the possible ones first by rank, then the
 * refused ones with the filters that refused them.
 *
 * @param chosenHostId null when no host fits
 * @param filters      the filters that ran, in order
 * @param weighers     the weighers that ran, with their multipliers, in order
 */
public record PlacementExplanation(
        String poolId,
        String clusterId,
        String policy,
        int cpus,
        long memoryMb,
        String chosenHostId,
        List<String> filters,
        List<String> weighers,
        List<HostVerdict> hosts) {

    public PlacementExplanation {
        filters = List.copyOf(filters);
        weighers = List.copyOf(weighers);
        hosts = List.copyOf(hosts);
    }
}

package org.strata.api.datacenter;

import java.util.Map;

/**
 * A hypervisor host as a member of a cluster.
 *
 * @param maintenance {@code none}; {@code entering} while its VMs are being moved off, and after that when some could
 *                    not move (the host then stays there until an admin decides); {@code in} once it is empty. A host
 *                    not {@code none} gets no new VMs.
 * @param labels      what placement's label filter matches (e.g. {@code rack=r1}, {@code gpu=true})
 */
public record ClusterHost(
        String hostId, String hostName, String clusterId, String maintenance, Map<String, String> labels) {

    public ClusterHost {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

package org.strata.api.ha;

import java.util.List;
import java.util.Objects;

/**
 * A cluster's HA settings.
 *
 * @param clusterId      the cluster
 * @param enabled        whether its hosts are watched and their HA VMs restarted when they fail
 * @param admission      how room for restarts is kept
 * @param hostFailures   for {@link Admission#HOST_FAILURES}: how many hosts may fail (at least 1)
 * @param cpuPercent     for {@link Admission#PERCENTAGE}: the share of CPU kept free (0 to 100)
 * @param memoryPercent  for {@link Admission#PERCENTAGE}: the share of memory kept free (0 to 100)
 * @param failoverHosts  for {@link Admission#FAILOVER_HOSTS}: hosts of the cluster kept for restarts
 * @param leaseDirectory a folder on storage every host of the cluster and Strata mount at this same path, the lockspace
 *                       of the HA VMs' leases (docs/ha.md); null: no leases, and a host whose BMC does not answer
 *                       cannot have its VMs restarted
 */
public record ClusterHa(
        String clusterId,
        boolean enabled,
        Admission admission,
        int hostFailures,
        int cpuPercent,
        int memoryPercent,
        List<String> failoverHosts,
        String leaseDirectory) {

    public ClusterHa {
        Objects.requireNonNull(clusterId, "clusterId");
        admission = admission == null ? Admission.NONE : admission;
        failoverHosts = failoverHosts == null ? List.of() : List.copyOf(failoverHosts);
    }

    /** What a cluster has before anyone set its HA: off. */
    public static ClusterHa disabled(String clusterId) {
        return new ClusterHa(clusterId, false, Admission.NONE, 1, 25, 25, List.of(), null);
    }
}

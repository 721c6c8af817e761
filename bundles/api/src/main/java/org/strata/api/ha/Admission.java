package org.strata.api.ha;

/**
 * How a cluster keeps room to restart its HA VMs (vSphere's admission control policies). A start, a creation or a
 * move into the cluster that would break the promise is refused (409 naming the policy).
 */
public enum Admission {
    /** No promise: HA restarts what fits. */
    NONE,
    /** The HA VMs of the cluster fit on what remains after its {@code hostFailures} largest hosts fail. */
    HOST_FAILURES,
    /** {@code cpuPercent} of the cluster's CPU and {@code memoryPercent} of its memory stay free for failover. */
    PERCENTAGE,
    /** The named failover hosts stay empty (placement keeps VMs off them) and take the restarts. */
    FAILOVER_HOSTS
}

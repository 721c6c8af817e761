package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * One hypervisor host of a cluster as the planners see it: its capacity and its <em>measured</em> load.
 *
 * @param id the host's id (unique in the snapshot; ties between otherwise equal choices go to the smaller id)
 * @param cpuCapacity the host's CPUs (threads the hypervisor schedules on), the unit of every CPU figure here
 * @param memoryMib the host's memory
 * @param cpuUsed measured CPU use in host CPUs: the host's CPU busy fraction times its CPUs, or the sum of its VMs'
 * @param memoryUsedMib measured memory use
 * @param acceptsVms whether VMs may be moved onto it and balanced on it: false in maintenance, unreachable, powered
 *     off, or already chosen to be emptied. The balancer leaves the VMs of such a host alone.
 * @param poweredOn whether the host is powered on
 * @param canPowerOn for a powered-off host: whether power management may power it on (it has a BMC and is kept
 *     off by power management, not by an administrator or a maintenance); ignored for a powered-on host
 */
public record HostSnapshot(
        String id,
        double cpuCapacity,
        long memoryMib,
        double cpuUsed,
        long memoryUsedMib,
        boolean acceptsVms,
        boolean poweredOn,
        boolean canPowerOn) {

    public HostSnapshot {
        Objects.requireNonNull(id, "id");
        if (!(cpuCapacity > 0) || Double.isInfinite(cpuCapacity)) {
            throw new IllegalArgumentException("host " + id + ": CPU capacity must be positive, not " + cpuCapacity);
        }
        if (memoryMib <= 0) {
            throw new IllegalArgumentException("host " + id + ": memory must be positive, not " + memoryMib);
        }
        if (!(cpuUsed >= 0) || Double.isInfinite(cpuUsed)) {
            throw new IllegalArgumentException("host " + id + ": CPU use must be zero or more, not " + cpuUsed);
        }
        if (memoryUsedMib < 0) {
            throw new IllegalArgumentException(
                    "host " + id + ": memory use must be zero or more, not " + memoryUsedMib);
        }
    }

    /** A powered-on host that accepts VMs. */
    public static HostSnapshot active(String id, double cpus, long memoryMib, double cpuUsed, long memoryUsedMib) {
        return new HostSnapshot(id, cpus, memoryMib, cpuUsed, memoryUsedMib, true, true, false);
    }

    /** A host powered off by power management, which may power it on again. */
    public static HostSnapshot standby(String id, double cpus, long memoryMib) {
        return new HostSnapshot(id, cpus, memoryMib, 0, 0, false, false, true);
    }

    /** Measured CPU use as a fraction of the capacity. */
    public double cpuLoad() {
        return cpuUsed / cpuCapacity;
    }

    /** Measured memory use as a fraction of the memory. */
    public double memoryLoad() {
        return (double) memoryUsedMib / memoryMib;
    }

    /** Whether the balancer and power management may move VMs onto and off this host. */
    public boolean active() {
        return poweredOn && acceptsVms;
    }
}

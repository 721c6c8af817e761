package org.strata.datacenter.balance;

import java.util.Objects;
import java.util.Optional;

/**
 * One running VM of a cluster as the planners see it.
 *
 * @param id the VM's id (unique in the snapshot)
 * @param hostId the host it runs on
 * @param vcpus its virtual CPUs (allocation: passed on to the move check, not used to balance)
 * @param memoryMib its configured memory (allocation: passed on to the move check, not used to balance)
 * @param cpuUsed measured CPU use in host CPUs (what moves with it)
 * @param memoryUsedMib measured memory use (what moves with it)
 * @param pin why it cannot move, or empty when it can be live-migrated
 */
public record VmSnapshot(
        String id, String hostId, int vcpus, long memoryMib, double cpuUsed, long memoryUsedMib, Optional<Pin> pin) {

    public VmSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(pin, "pin");
        if (vcpus < 0 || memoryMib < 0) {
            throw new IllegalArgumentException("VM " + id + ": vCPUs and memory must be zero or more");
        }
        if (!(cpuUsed >= 0) || Double.isInfinite(cpuUsed) || memoryUsedMib < 0) {
            throw new IllegalArgumentException("VM " + id + ": measured CPU and memory use must be zero or more");
        }
    }

    /** A VM that can be live-migrated. */
    public static VmSnapshot movable(
            String id, String hostId, int vcpus, long memoryMib, double cpuUsed, long memoryUsedMib) {
        return new VmSnapshot(id, hostId, vcpus, memoryMib, cpuUsed, memoryUsedMib, Optional.empty());
    }

    /** A VM that cannot be live-migrated, and why. */
    public static VmSnapshot pinned(
            String id, String hostId, int vcpus, long memoryMib, double cpuUsed, long memoryUsedMib, Pin pin) {
        return new VmSnapshot(id, hostId, vcpus, memoryMib, cpuUsed, memoryUsedMib, Optional.of(pin));
    }

    /** Whether it can be live-migrated. */
    public boolean canMove() {
        return pin.isEmpty();
    }
}

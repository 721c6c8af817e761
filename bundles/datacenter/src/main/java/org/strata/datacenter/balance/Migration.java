package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * One live migration a balancing round proposes, in the order the round chose them (carry them out in this order:
 * each was planned on the cluster as the ones before it leave it).
 *
 * @param vmId the VM
 * @param fromHostId where it runs
 * @param toHostId where it goes
 * @param gain the expected improvement: how much the move lowers {@code n·σ²} (see {@link Balancer})
 * @param imbalanceAfter the metric {@code σ} once this move and the ones before it are done
 * @param reason why, in words: both hosts' load before and after, the VM's measured use
 */
public record Migration(
        String vmId, String fromHostId, String toHostId, double gain, double imbalanceAfter, String reason) {

    public Migration {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(fromHostId, "fromHostId");
        Objects.requireNonNull(toHostId, "toHostId");
        Objects.requireNonNull(reason, "reason");
    }
}

package org.strata.datacenter.balance;

import java.util.List;
import java.util.Objects;

/**
 * What one power management round proposes for a cluster: hosts to power on, or hosts to empty and power off, or
 * nothing; never both at once.
 *
 * @param clusterId the cluster
 * @param action what the round does
 * @param cpuLoad the cluster's CPU utilization before: the measured use (plus the demands) of the powered-on hosts
 *     that accept VMs over their capacity; 0 when none is on and nothing is demanded, 1 when none is on and
 *     something is
 * @param memoryLoad the same for memory
 * @param cpuLoadAfter the CPU utilization once the plan is carried out, as measured load predicts it
 * @param memoryLoadAfter the same for memory
 * @param powerOn hosts to power on, in the order chosen
 * @param powerOff hosts to empty and power off, least loaded first, each with its moves
 * @param skipped hosts that would have been emptied but stay on, and why
 * @param unmet what the plan cannot provide, in words (a demand no host can hold, a shortfall left when no host is
 *     left to power on); empty when the plan provides everything asked
 * @param summary the round in one sentence, for an administrator
 */
public record PowerPlan(
        String clusterId,
        Action action,
        double cpuLoad,
        double memoryLoad,
        double cpuLoadAfter,
        double memoryLoadAfter,
        List<PowerOn> powerOn,
        List<PowerOff> powerOff,
        List<HostSkip> skipped,
        List<String> unmet,
        String summary) {

    /** What a round does. */
    public enum Action {
        /** Utilization is within the band and every demand fits: nothing to do. */
        NONE,
        /** Power hosts on (utilization over the band, a demand that does not fit, fewer hosts on than the minimum). */
        POWER_ON,
        /** Empty hosts and power them off (utilization under the band). */
        CONSOLIDATE
    }

    public PowerPlan {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(action, "action");
        powerOn = List.copyOf(powerOn);
        powerOff = List.copyOf(powerOff);
        skipped = List.copyOf(skipped);
        unmet = List.copyOf(unmet);
        Objects.requireNonNull(summary, "summary");
    }

    /** All moves of the plan, host by host. */
    public int moveCount() {
        int n = 0;
        for (PowerOff off : powerOff) {
            n += off.moves().size();
        }
        return n;
    }
}

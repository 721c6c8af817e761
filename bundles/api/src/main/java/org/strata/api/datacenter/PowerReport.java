package org.strata.api.datacenter;

import java.time.Instant;
import java.util.List;

/**
 * What one power management round of a cluster finds (since 1.1), DPM-like: the utilization of the powered-on hosts
 * from measured load, and either hosts to empty (the live migrations that empty them) and power off through their
 * BMCs, or hosts in standby to power on again, or nothing.
 *
 * @param policy the policy in force: only {@code power-saving} powers hosts off; the others power every host in
 *     standby on again
 * @param automation {@code automatic}: the cluster carries such rounds out by itself; {@code manual}: recommendations
 * @param action {@code none}, {@code consolidate} or {@code power-on}
 * @param cpuLoad the CPU utilization of the powered-on hosts that accept VMs, 0..1 (measured)
 * @param cpuLoadAfter the same, once the round is carried out, as measured load predicts it
 * @param powerOff the hosts to empty and power off, in order
 * @param moves the live migrations that empty them, in order
 * @param powerOn the hosts in standby to power on
 * @param standby the hosts in standby now
 * @param excluded hosts that stay on although the round would have emptied them, each with why (no BMC, a VM that
 *     cannot move)
 * @param unmet what the round cannot provide, in words
 */
public record PowerReport(
        String clusterId,
        String policy,
        String automation,
        String action,
        double cpuLoad,
        double memoryLoad,
        double cpuLoadAfter,
        double memoryLoadAfter,
        List<PowerHost> powerOff,
        List<Recommendation> moves,
        List<PowerHost> powerOn,
        List<PowerHost> standby,
        List<PowerHost> excluded,
        List<String> unmet,
        String summary,
        Instant computed) {

    public PowerReport {
        powerOff = List.copyOf(powerOff);
        moves = List.copyOf(moves);
        powerOn = List.copyOf(powerOn);
        standby = List.copyOf(standby);
        excluded = List.copyOf(excluded);
        unmet = List.copyOf(unmet);
    }
}

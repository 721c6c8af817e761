package org.strata.datacenter.ha;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.strata.api.ha.ClusterHa;

/**
 * Whether a cluster keeps its HA promise with one more VM running (vSphere's admission control, docs/ha.md): pure
 * arithmetic on the cluster's host capacities (overcommit applied) and its running VMs' allocations.
 *
 * <ul>
 *   <li>host failures (n): with the n largest hosts gone (the worst case for room), what the surviving hosts have must
 *       hold every running VM that would still run: all of them but the non-HA VMs of the failed hosts. The largest
 *       hosts by memory, then CPU; a simplification of vSphere's slot policy that never admits less safely.
 *   <li>percentage: what runs stays within (100 - p)% of the cluster's CPU and memory.
 *   <li>failover hosts: nothing starts on them but HA's restarts (placement keeps VMs off them too).
 * </ul>
 */
public final class HaAdmission {

    /** A host of the cluster: its capacity with overcommit applied. */
    public record HostRoom(String hostId, String name, double cpus, double memoryMb) {}

    /** A running VM (or the claim): where, how big, whether HA restarts it. */
    public record Load(String vmId, String hostId, long cpus, long memoryMb, boolean ha) {}

    private HaAdmission() {}

    /**
     * Null when the cluster keeps its promise with {@code claim} running too; otherwise why not, naming the policy.
     * {@code running} must not contain the claim's VM.
     */
    public static String refusal(
            ClusterHa policy, List<HostRoom> hosts, List<Load> running, Load claim, String vmName) {
        if (!policy.enabled()) {
            return null;
        }
        List<Load> all = new ArrayList<>(running);
        all.add(claim);
        return switch (policy.admission()) {
            case NONE -> null;
            case FAILOVER_HOSTS ->
                policy.failoverHosts().contains(claim.hostId())
                        ? "HA admission control (failover hosts): host " + name(hosts, claim.hostId())
                                + " is kept for restarting the HA VMs of failed hosts; " + vmName + " cannot run there"
                        : null;
            case PERCENTAGE -> percentage(policy, hosts, all, vmName);
            case HOST_FAILURES -> hostFailures(policy.hostFailures(), hosts, all, vmName);
        };
    }

    /** Null when the cluster as it runs keeps the promise (no new VM); otherwise why not. */
    public static String check(ClusterHa policy, List<HostRoom> hosts, List<Load> running) {
        if (!policy.enabled() || running.isEmpty()) {
            return null;
        }
        return switch (policy.admission()) {
            case NONE -> null;
            case FAILOVER_HOSTS ->
                running.stream()
                        .filter(l -> policy.failoverHosts().contains(l.hostId()))
                        .findFirst()
                        .map(l -> "HA admission control (failover hosts): host " + name(hosts, l.hostId())
                                + " is to be kept for restarts but runs VMs")
                        .orElse(null);
            case PERCENTAGE -> percentage(policy, hosts, running, "what runs now");
            case HOST_FAILURES -> hostFailures(policy.hostFailures(), hosts, running, "what runs now");
        };
    }

    private static String percentage(ClusterHa policy, List<HostRoom> hosts, List<Load> all, String vmName) {
        double cpu = hosts.stream().mapToDouble(HostRoom::cpus).sum();
        double memory = hosts.stream().mapToDouble(HostRoom::memoryMb).sum();
        long usedCpu = all.stream().mapToLong(Load::cpus).sum();
        long usedMemory = all.stream().mapToLong(Load::memoryMb).sum();
        double cpuLimit = cpu * (100 - policy.cpuPercent()) / 100.0;
        double memoryLimit = memory * (100 - policy.memoryPercent()) / 100.0;
        if (usedCpu > cpuLimit) {
            return "HA admission control (percentage: " + policy.cpuPercent() + "% of CPU kept for failover): with "
                    + vmName + " running, " + usedCpu + " vCPUs would be allocated of the " + (long) cpuLimit
                    + " the cluster may use";
        }
        if (usedMemory > memoryLimit) {
            return "HA admission control (percentage: " + policy.memoryPercent()
                    + "% of memory kept for failover): with "
                    + vmName + " running, " + usedMemory + " MiB would be allocated of the " + (long) memoryLimit
                    + " MiB the cluster may use";
        }
        return null;
    }

    private static String hostFailures(int failures, List<HostRoom> hosts, List<Load> all, String vmName) {
        if (failures >= hosts.size()) {
            return "HA admission control (" + failures + " host failure" + (failures == 1 ? "" : "s")
                    + " tolerated): the cluster has only " + hosts.size() + " host" + (hosts.size() == 1 ? "" : "s");
        }
        List<HostRoom> largest = new ArrayList<>(hosts);
        largest.sort(Comparator.comparingDouble(HostRoom::memoryMb)
                .thenComparingDouble(HostRoom::cpus)
                .reversed());
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < failures; i++) {
            failed.add(largest.get(i).hostId());
        }
        double cpu = 0;
        double memory = 0;
        for (HostRoom h : hosts) {
            if (!failed.contains(h.hostId())) {
                cpu += h.cpus();
                memory += h.memoryMb();
            }
        }
        long needCpu = 0;
        long needMemory = 0;
        for (Load vm : all) {
            if (vm.ha() || !failed.contains(vm.hostId())) {
                needCpu += vm.cpus();
                needMemory += vm.memoryMb();
            }
        }
        if (needCpu > cpu || needMemory > memory) {
            List<String> names =
                    largest.subList(0, failures).stream().map(HostRoom::name).toList();
            return "HA admission control (" + failures + " host failure" + (failures == 1 ? "" : "s")
                    + " tolerated): with " + vmName + " running, the loss of " + String.join(", ", names)
                    + " would leave " + (long) cpu + " vCPUs and " + (long) memory + " MiB for " + needCpu
                    + " vCPUs and " + needMemory + " MiB that must run";
        }
        return null;
    }

    private static String name(List<HostRoom> hosts, String hostId) {
        return hosts.stream()
                .filter(h -> h.hostId().equals(hostId))
                .map(HostRoom::name)
                .findFirst()
                .orElse(hostId);
    }
}

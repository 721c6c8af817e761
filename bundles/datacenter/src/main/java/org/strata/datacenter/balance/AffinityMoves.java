package org.strata.datacenter.balance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.datacenter.AffinityGroup;

/**
 * A cluster's affinity groups as balancing obeys them. A member of a must-affinity group (VM-VM) whose other members
 * exist is pinned: moved alone it would break the rule, and the planners move VMs one at a time, so it is excluded and
 * named, never blocking the plan. A move is refused when it would put two members of an anti-affinity group (must or
 * should) on one host, put a VM on a host its VM-host rule forbids or off the hosts it asks for (must or should), or
 * take a member of a should-affinity group away from the members it shares a host with. Balancing thus never breaks a
 * rule, should rules included; it does not move VMs to repair a rule already broken. Pure, for the planners' tests.
 */
public final class AffinityMoves {

    private final Map<String, List<AffinityGroup>> byVm = new HashMap<>();
    private final Map<String, String> hostOfVm;
    private final Map<String, Map<String, String>> hostLabels;

    /**
     * @param groups     the cluster's groups
     * @param hostOfVm   every VM of the cluster, whatever its state, and its host
     * @param hostLabels each host's placement labels
     */
    public AffinityMoves(
            List<AffinityGroup> groups, Map<String, String> hostOfVm, Map<String, Map<String, String>> hostLabels) {
        for (AffinityGroup g : groups) {
            for (String vm : g.vmIds()) {
                byVm.computeIfAbsent(vm, k -> new ArrayList<>()).add(g);
            }
        }
        this.hostOfVm = Map.copyOf(hostOfVm);
        this.hostLabels = Map.copyOf(hostLabels);
    }

    /** Why the VM must stay, or empty. */
    public Optional<Pin> pin(String vmId) {
        for (AffinityGroup g : byVm.getOrDefault(vmId, List.of())) {
            if (g.must() && !g.anti() && !g.vmToHost()) {
                boolean others = g.vmIds().stream().anyMatch(m -> !m.equals(vmId) && hostOfVm.containsKey(m));
                if (others) {
                    return Optional.of(new Pin(Pin.Kind.MUST_AFFINITY, "(group '" + g.name() + "')"));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether moving {@code vm} to {@code target} keeps every rule of its groups. */
    public boolean allows(VmSnapshot vm, HostSnapshot target, PlannedState planned) {
        List<AffinityGroup> groups = byVm.get(vm.id());
        if (groups == null) {
            return true;
        }
        String from = hostOf(vm.id(), planned);
        Map<String, String> labels = hostLabels.getOrDefault(target.id(), Map.of());
        for (AffinityGroup g : groups) {
            if (g.vmToHost()) {
                boolean carries = labels.entrySet().containsAll(g.hostLabels().entrySet());
                if (carries == g.anti()) {
                    return false;
                }
                continue;
            }
            boolean togetherNow = false;
            boolean togetherThere = false;
            for (String member : g.vmIds()) {
                if (member.equals(vm.id())) {
                    continue;
                }
                String host = hostOf(member, planned);
                if (host == null) {
                    continue;
                }
                togetherNow |= host.equals(from);
                togetherThere |= host.equals(target.id());
            }
            if (g.anti() && togetherThere) {
                return false;
            }
            if (!g.anti() && togetherNow && !togetherThere) {
                return false;
            }
        }
        return true;
    }

    /** Where the VM will be: planned for the running VMs the snapshot has, where it is defined for the others. */
    private String hostOf(String vmId, PlannedState planned) {
        try {
            return planned.hostOf(vmId);
        } catch (IllegalArgumentException notRunning) {
            return hostOfVm.get(vmId);
        }
    }
}

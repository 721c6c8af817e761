package org.strata.datacenter.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.inventory.Host;
import org.strata.api.vm.VirtualMachine;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.repository.AffinityStore;

/**
 * Where the members of a VM's affinity groups are, for placement: the stored groups, and the members being created
 * (admitted on a host, not yet recorded as members: a VM becomes a member once its create task has ended, and until
 * then the next member's placement must already see it). Members being created are kept in memory only: a create cut
 * short by a stop of the layer leaves the VM outside its group (docs/datacenter.md, "Affinity groups").
 */
@Component(service = AffinityIndex.class)
public final class AffinityIndex {

    /** A member being created: its group, the host it was given, its name. */
    public record Pending(String groupId, String hostId, String name) {}

    private final AffinityStore store;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    @Activate
    public AffinityIndex(@Reference AffinityStore store) {
        this.store = store;
    }

    /** A member being created on {@code hostId}, counted from now on until {@link #settled}. */
    public void creating(String vmId, String groupId, String hostId, String name) {
        pending.put(vmId, new Pending(groupId, hostId, name));
    }

    public void settled(String vmId) {
        pending.remove(vmId);
    }

    /**
     * The members being created, as of now. Take it before reading the inventory: a member that has left it since
     * was recorded as a member, with its VM, before it left, so the reads that follow see it.
     */
    public Map<String, Pending> pending() {
        return Map.copyOf(pending);
    }

    /**
     * The rules bearing on a VM: its groups (none for a VM not created yet), plus {@code joining}.
     *
     * @param pending       {@link #pending()}, taken before {@code root} was read
     * @param leavingHostId the host a VM is leaving (maintenance), whose other members of its affinity groups are
     *                      taken to follow it: they do not hold it there; null otherwise
     */
    public List<AffinityRule> rules(
            Map<String, Pending> pending,
            String vmId,
            List<AffinityGroup> joining,
            DatacenterView.Root root,
            String leavingHostId) {
        Map<String, AffinityGroup> groups = new LinkedHashMap<>();
        if (vmId != null) {
            for (AffinityGroup g : store.groupsOfVm(vmId)) {
                groups.put(g.id(), g);
            }
            Pending own = pending.get(vmId);
            if (own != null && !groups.containsKey(own.groupId())) {
                store.group(own.groupId()).ifPresent(g -> groups.put(g.id(), g));
            }
        }
        for (AffinityGroup g : joining) {
            // Read again: the caller's copy may predate members recorded since.
            groups.putIfAbsent(g.id(), store.group(g.id()).orElse(g));
        }
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, String> hostOf = new HashMap<>();
        Map<String, String> vmNames = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            hostOf.put(vm.id(), vm.hostId());
            vmNames.put(vm.id(), vm.name());
        }
        pending.forEach((id, p) -> {
            hostOf.putIfAbsent(id, p.hostId());
            vmNames.putIfAbsent(id, p.name());
        });
        Map<String, String> hostNames = new HashMap<>();
        for (Host host : root.hosts()) {
            hostNames.put(host.id(), host.name());
        }
        List<AffinityRule> rules = new ArrayList<>(groups.size());
        for (AffinityGroup g : groups.values()) {
            List<String> members = new ArrayList<>(g.vmIds());
            pending.forEach((id, p) -> {
                if (p.groupId().equals(g.id()) && !members.contains(id)) {
                    members.add(id);
                }
            });
            boolean follows = leavingHostId != null && !g.anti() && !g.vmToHost();
            Map<String, String> others = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            for (String member : members) {
                String host = hostOf.get(member);
                if (member.equals(vmId) || host == null || (follows && host.equals(leavingHostId))) {
                    continue;
                }
                others.put(member, host);
                names.put(member, vmNames.getOrDefault(member, member));
            }
            rules.add(new AffinityRule(g, others, names, hostNames));
        }
        return rules;
    }
}

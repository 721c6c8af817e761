package org.strata.datacenter.allocation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.inventory.Host;
import org.strata.api.vm.VirtualMachine;

/**
 * The must rules of a VM's affinity groups against a live migration's destination, for admission: a migration to a
 * host named outright obeys them as placement's choices do. Members of a must-affinity group on the host the VM leaves
 * are taken to follow it (maintenance moves them one after another), so only the members elsewhere bind it.
 */
final class MigrationRules {

    private MigrationRules() {}

    /** Why the VM may not move to {@code destinationId}, or null. */
    static String refusal(List<AffinityGroup> groups, String vmId, String destinationId, DatacenterView.Root root) {
        Map<String, VirtualMachine> vms = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            vms.put(vm.id(), vm);
        }
        VirtualMachine moving = vms.get(vmId);
        String from = moving == null ? null : moving.hostId();
        Map<String, String> hostNames = new HashMap<>();
        for (Host h : root.hosts()) {
            hostNames.put(h.id(), h.name());
        }
        ClusterHost member = root.members().get(destinationId);
        Map<String, String> labels = member == null ? Map.of() : member.labels();
        for (AffinityGroup g : groups) {
            if (!g.must()) {
                continue;
            }
            String where = "group '" + g.name() + "' (" + g.rule() + ")";
            if (g.vmToHost()) {
                boolean carries = labels.entrySet().containsAll(g.hostLabels().entrySet());
                if (carries == g.anti()) {
                    return where + ": the host " + (carries ? "carries" : "lacks") + " those labels";
                }
                continue;
            }
            Set<String> here = new TreeSet<>();
            Set<String> elsewhere = new TreeSet<>();
            for (String id : g.vmIds()) {
                VirtualMachine other = vms.get(id);
                if (id.equals(vmId) || other == null) {
                    continue;
                }
                if (other.hostId().equals(destinationId)) {
                    here.add("'" + other.name() + "'");
                } else if (!other.hostId().equals(from)) {
                    elsewhere.add("'" + hostNames.getOrDefault(other.hostId(), other.hostId()) + "'");
                }
            }
            if (g.anti() && !here.isEmpty()) {
                return where + ": " + String.join(", ", here) + " already on that host";
            }
            if (!g.anti() && here.isEmpty() && !elsewhere.isEmpty()) {
                return where + ": its VMs are on host " + String.join(", ", elsewhere);
            }
        }
        return null;
    }
}

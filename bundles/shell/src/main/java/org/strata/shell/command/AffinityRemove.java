package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "affinity-remove",
        description = "Removes VMs from an affinity group, or, given no VMs, deletes the group (its VMs stay where they"
                + " are)")
@Service
public class AffinityRemove extends StrataAction {

    @Reference(optional = true)
    AffinityService affinity;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Argument(index = 1, name = "group", description = "The group's name or id", required = true)
    String group;

    @Argument(index = 2, name = "vmIds", description = "VMs to remove from it", multiValued = true)
    List<String> vms;

    @Override
    protected void run() {
        AffinityService service = Layer.required(affinity);
        AffinityGroup g = service.groups(clusterId).stream()
                .filter(x -> x.id().equals(group) || x.name().equals(group))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("affinity group", group));
        String who = ShellPrincipal.current();
        if (vms == null || vms.isEmpty()) {
            service.deleteGroup(clusterId, g.id(), who);
            out().println("Group " + g.name() + " deleted");
            return;
        }
        for (String vm : vms) {
            g = service.removeVm(clusterId, g.id(), vm, who);
        }
        out().println("Group " + g.name() + " now has " + g.vmIds().size() + " VMs");
    }
}

package org.strata.shell.command;

import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.datacenter.AffinityService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "affinity-add",
        description = "Creates an affinity or anti-affinity group of a cluster's VMs, or adds VMs to an existing one")
@Service
public class AffinityAdd extends StrataAction {

    @Reference(optional = true)
    AffinityService affinity;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Argument(
            index = 1,
            name = "group",
            description = "The group's name (or id): VMs are added to it when it exists, otherwise it is created",
            required = true)
    String group;

    @Option(
            name = "--kind",
            aliases = "-k",
            description = "For a new group: affinity (together) or anti-affinity (apart)")
    String kind;

    @Option(
            name = "--enforcement",
            aliases = "-e",
            description = "For a new group: must (never broken) or should (followed where a host allows it)")
    String enforcement;

    @Option(name = "--vm", multiValued = true, description = "A VM id; repeatable")
    List<String> vms;

    @Option(
            name = "--host-label",
            multiValued = true,
            description = "For a new VM-host rule: a host label key=value; repeatable")
    List<String> hostLabels;

    @Option(name = "--description", aliases = "-d", description = "For a new group: a description")
    String description;

    @Override
    protected void run() {
        AffinityService service = Layer.required(affinity);
        Optional<AffinityGroup> existing = service.groups(clusterId).stream()
                .filter(g -> g.id().equals(group) || g.name().equals(group))
                .findFirst();
        String who = ShellPrincipal.current();
        if (existing.isEmpty()) {
            AffinityGroup created = service.createGroup(
                    clusterId,
                    new AffinityGroupSpec(
                            group, description, kind, enforcement, vms, ClusterHostList.labels(hostLabels)),
                    who);
            out().println("Group " + created.name() + " (" + created.rule() + ") created with "
                    + created.vmIds().size() + " VMs: " + created.id());
            return;
        }
        AffinityGroup g = existing.get();
        if ((kind != null && !kind.equals(g.kind()))
                || (enforcement != null && !enforcement.equals(g.enforcement()))
                || (hostLabels != null && !hostLabels.isEmpty())) {
            throw StrataException.invalid("group '" + g.name() + "' exists (" + g.rule()
                    + "): --kind, --enforcement and --host-label are for a new group");
        }
        if (vms == null || vms.isEmpty()) {
            throw StrataException.invalid("group '" + g.name() + "' exists: give the VMs to add with --vm");
        }
        for (String vm : vms) {
            g = service.addVm(clusterId, g.id(), vm, who);
        }
        out().println("Group " + g.name() + " (" + g.rule() + ") now has "
                + g.vmIds().size() + " VMs");
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(scope = "strata", name = "cluster-add", description = "Creates a cluster of hypervisor hosts in a datacenter")
@Service
public class ClusterAdd extends StrataAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "name", description = "Name of the new cluster", required = true)
    String name;

    @Option(name = "--datacenter", description = "The datacenter the cluster belongs to", required = true)
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--description", aliases = "-d", description = "A description")
    String description;

    @Option(name = "--policy", description = "balanced (default), performance or power-saving")
    String policy;

    @Option(name = "--automation", description = "manual (default: recommend) or automatic (act)")
    String automation;

    @Option(name = "--balancing-level", description = "1 (conservative) to 5 (aggressive); default 3")
    Integer level;

    @Option(name = "--max-migrations", description = "Most live migrations one round starts; default 4")
    Integer maxMigrations;

    @Option(name = "--min-hosts-on", description = "Power management keeps at least this many hosts on; default 1")
    Integer minHostsOn;

    @Option(name = "--cpu-overcommit", description = "vCPUs allocatable per host CPU; default 4.0")
    Double cpuOvercommit;

    @Option(name = "--memory-overcommit", description = "VM memory allocatable per MiB of host memory; default 1.0")
    Double memoryOvercommit;

    @Override
    protected void run() {
        Cluster c = Layer.required(clusters)
                .createCluster(
                        new ClusterSpec(
                                datacenterId,
                                name,
                                description,
                                policy,
                                automation,
                                level,
                                maxMigrations,
                                minHostsOn,
                                cpuOvercommit,
                                memoryOvercommit),
                        ShellPrincipal.current());
        ShellTable table = Output.details();
        Output.detail(table, "ID", c.id());
        Output.detail(table, "Name", c.name());
        Output.detail(table, "Datacenter", c.datacenterId());
        Output.detail(table, "Policy", c.policy());
        Output.detail(table, "Automation", c.automation());
        Output.detail(table, "Balancing level", String.valueOf(c.balancingLevel()));
        Output.detail(table, "Max migrations", String.valueOf(c.maxMigrations()));
        Output.detail(table, "Min hosts on", String.valueOf(c.minPoweredOnHosts()));
        Output.detail(table, "Overcommit CPU/memory", c.cpuOvercommit() + " / " + c.memoryOvercommit());
        table.print(out());
    }
}

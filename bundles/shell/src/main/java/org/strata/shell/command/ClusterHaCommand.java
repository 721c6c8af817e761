package org.strata.shell.command;

import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.HaService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.AdmissionCompleter;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "cluster-ha",
        description = "Shows a cluster's HA settings (host watching and admission control); changes them when an"
                + " option is given")
@Service
public class ClusterHaCommand extends StrataAction {

    @Reference(optional = true)
    HaService ha;

    @Reference(optional = true)
    InventoryService inventory;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Option(name = "--enable", description = "Watch the cluster's hosts and restart their HA VMs when they fail")
    boolean enable;

    @Option(name = "--disable", description = "Stop watching the cluster's hosts")
    boolean disable;

    @Option(
            name = "--admission",
            description = "How room for restarts is kept: none, host-failures, percentage or failover-hosts")
    @Completion(AdmissionCompleter.class)
    String admission;

    @Option(name = "--host-failures", description = "For host-failures: how many hosts may fail (at least 1)")
    Integer hostFailures;

    @Option(name = "--cpu-percent", description = "For percentage: the share of CPU kept free (0 to 100)")
    Integer cpuPercent;

    @Option(name = "--memory-percent", description = "For percentage: the share of memory kept free (0 to 100)")
    Integer memoryPercent;

    @Option(
            name = "--failover-hosts",
            description = "For failover-hosts: hosts of the cluster (ids, comma-separated) kept for restarts; none"
                    + " for none")
    @Completion(HostIdCompleter.class)
    String failoverHosts;

    @Option(
            name = "--lease-directory",
            description = "A folder every host of the cluster and Strata mount at this same absolute path, for the HA"
                    + " VMs' leases; none removes it")
    String leaseDirectory;

    @Override
    protected void run() {
        HaService service = Layer.required(ha);
        String lease = leaseDirectory == null ? null : leaseDirectory.strip().equals(Ha.NONE) ? "" : leaseDirectory;
        ClusterHaSpec spec = new ClusterHaSpec(
                Ha.enabled(enable, disable),
                Ha.member(Admission.class, "--admission", admission),
                hostFailures,
                cpuPercent,
                memoryPercent,
                Ha.list(failoverHosts),
                lease);
        boolean change = spec.enabled() != null
                || spec.admission() != null
                || hostFailures != null
                || cpuPercent != null
                || memoryPercent != null
                || spec.failoverHosts() != null
                || lease != null;
        ClusterHa settings =
                change ? service.setClusterHa(clusterId, spec, ShellPrincipal.current()) : service.clusterHa(clusterId);
        details(settings, new Names(inventory, null, false)).print(out());
    }

    static ShellTable details(ClusterHa settings, Names names) {
        ShellTable table = Output.details();
        Output.detail(table, "Cluster", settings.clusterId());
        Output.detail(table, "HA", settings.enabled() ? "enabled" : "disabled");
        Output.detail(table, "Admission", Ha.word(settings.admission()));
        switch (settings.admission()) {
            case HOST_FAILURES -> Output.detail(table, "Host failures", settings.hostFailures());
            case PERCENTAGE -> {
                Output.detail(table, "CPU kept free", settings.cpuPercent() + "%");
                Output.detail(table, "Memory kept free", settings.memoryPercent() + "%");
            }
            case FAILOVER_HOSTS ->
                Output.detail(
                        table,
                        "Failover hosts",
                        settings.failoverHosts().stream()
                                .map(id -> Names.withId(names.host(id), id))
                                .collect(Collectors.joining(", ")));
            case NONE -> {
                // no figure to show: HA restarts what fits
            }
        }
        Output.detail(
                table,
                "Lease directory",
                settings.leaseDirectory() == null
                        ? "none (a host whose BMC does not answer cannot have its VMs restarted)"
                        : settings.leaseDirectory());
        return table;
    }
}

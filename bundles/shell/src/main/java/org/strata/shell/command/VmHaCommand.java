package org.strata.shell.command;

import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HaService;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;
import org.strata.api.vm.VmService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HaPriorityCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-ha",
        description = "Shows a VM's HA settings (restart on another host of its cluster when its host fails); changes"
                + " them when an option is given")
@Service
public class VmHaCommand extends StrataAction {

    @Reference(optional = true)
    HaService ha;

    @Reference(optional = true)
    VmService vms;

    @Argument(index = 0, name = "vmId", description = "The VM", required = true)
    @Completion(VmIdCompleter.class)
    String vmId;

    @Option(name = "--enable", description = "Restart the VM elsewhere when its host fails")
    boolean enable;

    @Option(name = "--disable", description = "Do not restart the VM when its host fails")
    boolean disable;

    @Option(
            name = "--priority",
            description = "Restart order: high, medium or low (every high VM of a failed host before any medium one)")
    @Completion(HaPriorityCompleter.class)
    String priority;

    @Option(
            name = "--after",
            description = "VMs (ids, comma-separated) that must run again before this one is restarted; none for no"
                    + " order")
    @Completion(VmIdCompleter.class)
    String after;

    @Override
    protected void run() {
        HaService service = Layer.required(ha);
        VmHaSpec spec = new VmHaSpec(
                Ha.enabled(enable, disable), Ha.member(HaPriority.class, "--priority", priority), Ha.list(after));
        boolean change = spec.enabled() != null || spec.priority() != null || spec.after() != null;
        VmHa settings = change ? service.setVmHa(vmId, spec, ShellPrincipal.current()) : service.vmHa(vmId);
        details(settings, new Names(null, vms, false)).print(out());
    }

    static ShellTable details(VmHa settings, Names names) {
        ShellTable table = Output.details();
        Output.detail(table, "VM", Names.withId(names.vm(settings.vmId()), settings.vmId()));
        Output.detail(table, "HA", settings.enabled() ? "enabled" : "disabled");
        Output.detail(table, "Priority", Ha.word(settings.priority()));
        Output.detail(
                table,
                "After",
                settings.after().isEmpty()
                        ? "-"
                        : settings.after().stream()
                                .map(id -> Names.withId(names.vm(id), id))
                                .collect(Collectors.joining(", ")));
        return table;
    }
}

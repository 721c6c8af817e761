package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-nic-attach",
        description = "Attaches a network interface to a virtual machine, running or stopped; prints the task")
@Service
public class VmNicAttach extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(
            index = 1,
            name = "source",
            description = "The network (or, with --type bridge, bridge) name",
            required = true)
    String source;

    @Option(name = "--type", description = "network (default), bridge or user")
    String attachment;

    @Option(name = "--mac", description = "The MAC address (default: chosen by the hypervisor)")
    String mac;

    @Option(
            name = "--model",
            description = "The card: virtio (default), or one the host's driver takes (e1000, rtl8139, ...)")
    String model;

    @Override
    Task start() {
        return vms.attachNic(
                id,
                new VmNic(attachment == null ? "network" : attachment, source, mac, model),
                ShellPrincipal.current());
    }
}

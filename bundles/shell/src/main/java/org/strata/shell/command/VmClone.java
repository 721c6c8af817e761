package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.CloneRequest;
import org.strata.api.vm.TemplateService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-clone",
        description = "Clones a virtual machine or deploys a template, as a full copy or with --linked as a linked"
                + " clone; prints the task")
@Service
public class VmClone extends TaskCommand {

    @Reference
    TemplateService templates;

    @Argument(index = 0, name = "id", description = "The id of the VM or template to clone", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "The new VM's name", required = true)
    String name;

    @Option(name = "--linked", aliases = "-l", description = "Share the template's disks instead of copying them")
    boolean linked;

    @Option(name = "--host", description = "The host to define the clone on (default: the source's)")
    @Completion(HostIdCompleter.class)
    String hostId;

    @Option(name = "--pool", description = "The clone's resource pool (default: the source's)")
    String poolId;

    @Option(name = "--snapshot", description = "On ESX, the snapshot a linked clone shares (default: the current)")
    String snapshot;

    @Override
    Task start() {
        return templates.clone(id, new CloneRequest(name, hostId, poolId, linked, snapshot), ShellPrincipal.current());
    }
}

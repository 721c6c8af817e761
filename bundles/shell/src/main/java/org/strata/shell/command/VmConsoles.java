package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.vm.Console;
import org.strata.api.vm.VmService;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-consoles",
        description = "Shows where to reach a virtual machine's consoles (VNC, SPICE, serial)")
@Service
public class VmConsoles extends StrataAction {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Address");
        for (Console console : vms.consoles(id)) {
            table.addRow().addContent(console.type(), console.address() == null ? "(VM is off)" : console.address());
        }
        table.print(out());
    }
}

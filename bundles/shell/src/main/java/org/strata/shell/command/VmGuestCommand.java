package org.strata.shell.command;

import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmService;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

/**
 * What a running VM's guest agent reports: its OS and host name as properties, then its interfaces with their
 * addresses. A guest whose agent does not answer is not a failure: one line says why. Like {@code vm-consoles}, for
 * platform users (not tenant-scoped).
 */
@Command(
        scope = "strata",
        name = "vm-guest",
        description = "Shows what a running virtual machine's guest agent reports: OS, host name, IP addresses")
@Service
public class VmGuestCommand extends StrataAction {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        VmGuest guest = vms.guest(id);
        if (!guest.agentRunning()) {
            out().println("no guest agent answers: " + guest.reason());
            return;
        }
        ShellTable details = Output.details();
        VmGuest.GuestOs os = guest.os();
        if (os != null) {
            Output.detail(details, "OS", os.prettyName() != null ? os.prettyName() : os.name());
            Output.detail(details, "OS id", os.id());
            Output.detail(details, "Version", os.version());
            Output.detail(details, "Kernel", os.kernel());
            Output.detail(details, "Machine", os.machine());
        } else {
            Output.detail(details, "OS", "(the agent does not report it)");
        }
        Output.detail(details, "Host name", guest.hostname());
        details.print(out());
        if (guest.interfaces().isEmpty()) {
            out().println("The agent reports no network interfaces.");
            return;
        }
        out().println();
        ShellTable interfaces = new ShellTable();
        interfaces.column("Interface");
        interfaces.column("MAC");
        interfaces.column("Addresses");
        for (VmGuest.GuestInterface nic : guest.interfaces()) {
            interfaces
                    .addRow()
                    .addContent(
                            nic.name(),
                            Output.text(nic.mac()),
                            nic.addresses().stream()
                                    .map(a -> a.address() + "/" + a.prefix())
                                    .collect(Collectors.joining(", ")));
        }
        interfaces.print(out());
    }
}

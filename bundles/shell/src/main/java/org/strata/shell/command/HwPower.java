package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.hardware.HardwareService;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.PowerActionCompleter;

@Command(
        scope = "strata",
        name = "hw-power",
        description = "Shows a bare-metal machine's power state, or starts a power action and prints the task")
@Service
public class HwPower extends TaskCommand {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(
            index = 1,
            name = "action",
            description = "on, off, softoff, cycle, reset or identify; none shows the state")
    @Completion(PowerActionCompleter.class)
    String action;

    @Override
    protected void run() throws InterruptedException {
        if (action == null) {
            if (await) {
                throw StrataException.invalid("--wait needs an action");
            }
            out().println("Power: " + hardware.powerState(hostId));
            return;
        }
        super.run();
    }

    @Override
    Task start() {
        // Core checks the action against the declared operations, as for REST and SOAP.
        return hardware.power(hostId, action, ShellPrincipal.current());
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.hardware.HardwareService;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "hw-inventory",
        description = "Reads a bare-metal machine's identity, firmware revision and FRU data from its BMC")
@Service
public class HwInventory extends StrataAction {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Override
    protected void run() {
        Hardware.details(hardware.inventory(hostId)).print(out());
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "strata", name = "vm-shutdown", description = "Asks a virtual machine's guest to shut down; prints the task")
@Service
public class VmShutdown extends VmPowerAction {

    @Override
    String operation() {
        return "shutdown";
    }
}

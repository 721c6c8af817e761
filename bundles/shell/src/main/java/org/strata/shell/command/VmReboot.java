package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "strata", name = "vm-reboot", description = "Asks a virtual machine's guest to reboot; prints the task")
@Service
public class VmReboot extends VmPowerAction {

    @Override
    String operation() {
        return "reboot";
    }
}

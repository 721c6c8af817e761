package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(
        scope = "strata",
        name = "vm-reboot",
        description = "Asks a virtual machine's guest to reboot; prints the task")
@Service
public class VmReboot extends VmPowerAction {

    @Override
    Operation operation() {
        return Operations.VM_REBOOT;
    }
}

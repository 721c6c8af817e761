package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(
        scope = "strata",
        name = "vm-poweroff",
        description = "Powers a virtual machine off at once, like pulling the plug; prints the task")
@Service
public class VmPoweroff extends VmPowerAction {

    @Override
    Operation operation() {
        return Operations.VM_POWEROFF;
    }
}

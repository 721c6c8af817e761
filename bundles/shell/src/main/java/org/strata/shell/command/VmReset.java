package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(
        scope = "strata",
        name = "vm-reset",
        description = "Resets a running virtual machine at once, without asking its guest; prints the task")
@Service
public class VmReset extends VmPowerAction {

    @Override
    Operation operation() {
        return Operations.VM_RESET;
    }
}

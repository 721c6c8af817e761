package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(
        scope = "strata",
        name = "vm-suspend",
        description = "Pauses a running virtual machine in memory; prints the task")
@Service
public class VmSuspend extends VmPowerAction {

    @Override
    Operation operation() {
        return Operations.VM_SUSPEND;
    }
}

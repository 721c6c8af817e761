package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(scope = "strata", name = "vm-resume", description = "Resumes a suspended virtual machine; prints the task")
@Service
public class VmResume extends VmPowerAction {

    @Override
    Operation operation() {
        return Operations.VM_RESUME;
    }
}

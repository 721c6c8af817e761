package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "strata", name = "vm-resume", description = "Resumes a suspended virtual machine; prints the task")
@Service
public class VmResume extends VmPowerAction {

    @Override
    String operation() {
        return "resume";
    }
}

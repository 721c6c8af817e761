package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "strata", name = "vm-poweroff", description = "Powers a virtual machine off at once, like pulling the plug; prints the task")
@Service
public class VmPoweroff extends VmPowerAction {

    @Override
    String operation() {
        return "poweroff";
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.operation.Operation;
import org.strata.api.operation.Operations;

@Command(
        scope = "strata",
        name = "vm-shutdown",
        description = "Asks a virtual machine's guest to shut down, powering it off after a timeout; prints the task")
@Service
public class VmShutdown extends VmPowerAction {

    @Option(name = "--timeout", description = "Seconds the guest gets before the VM is powered off (default 120)")
    Integer timeoutSeconds;

    @Override
    Operation operation() {
        return Operations.VM_SHUTDOWN;
    }

    @Override
    Integer guestTimeout() {
        return timeoutSeconds;
    }
}

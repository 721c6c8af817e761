package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.shell.Arguments;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-resources",
        description =
                "Sets a virtual machine's CPU shares, limits and reservations; options left out stay as they are. Prints the task")
@Service
public class VmResourcesSet extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Option(name = "--cpu-shares", description = "Relative CPU weight against the host's other VMs (2 to 262144)")
    Integer cpuShares;

    @Option(name = "--cpu-limit", description = "Most CPU the VM may use, percent of one host CPU per vCPU")
    Integer cpuLimitPercent;

    @Option(name = "--cpu-reservation", description = "CPU guaranteed to the VM, same unit")
    Integer cpuReservationPercent;

    @Option(name = "--memory-limit", description = "Most host memory the VM may use, MB")
    Long memoryLimitMb;

    @Option(name = "--memory-reservation", description = "Host memory kept for the VM under contention, MB")
    Long memoryReservationMb;

    @Override
    Task start() {
        Arguments.requireAny(
                "give at least one of --cpu-shares, --cpu-limit, --cpu-reservation, --memory-limit, "
                        + "--memory-reservation",
                cpuShares,
                cpuLimitPercent,
                cpuReservationPercent,
                memoryLimitMb,
                memoryReservationMb);
        return vms.setResources(
                id,
                new VmResources(cpuShares, cpuLimitPercent, cpuReservationPercent, memoryLimitMb, memoryReservationMb),
                ShellPrincipal.current());
    }
}

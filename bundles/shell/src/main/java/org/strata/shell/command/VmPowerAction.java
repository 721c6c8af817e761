package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.task.Task;
import org.strata.api.vm.VmService;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.VmIdCompleter;

/**
 * The lifecycle commands differ only in the action they ask for; Karaf injects the inherited fields.
 * {@code vm-x <vmId>} acts on a VM of the inventory. The older form {@code vm-x <hostId> <vmId>}, which
 * names a VM as its host's driver reports it, still works for start, shutdown and poweroff and still
 * shows the whole task, as scripts written for it expect.
 */
abstract class VmPowerAction extends TaskCommand implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference
    InventoryService inventory;

    /**
     * Optional so that the older host-scoped form, which needs only the inventory, keeps working while
     * the VM service is not (yet) registered.
     */
    @Reference(optional = true)
    VmService vms;

    @Argument(
            index = 0,
            name = "id",
            required = true,
            description = "The VM id, as vm-list shows it (or, with a second argument, the host id)")
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(
            index = 1,
            name = "vmId",
            required = false,
            description = "Older form: the VM id on the host named by the first argument")
    String vmId;

    /** The declared operation this command asks for. */
    abstract Operation operation();

    /** Seconds the guest gets to shut down before it is powered off; only vm-shutdown has it. */
    Integer guestTimeout() {
        return null;
    }

    private boolean hostScoped() {
        return vmId != null;
    }

    @Override
    Task start() {
        TenantScope scope = ShellScope.current(tenants, inventory);
        if (scope.scoped()) {
            if (hostScoped()) {
                scope.requirePlatform(); // the older form names a host
            }
            scope.vm(Vms.service(vms).vm(id));
        }
        if (hostScoped()) {
            String op = operation().name();
            if (Operations.find(OperationTarget.HOST_VM, op).isEmpty()) {
                throw StrataException.invalid("vm-" + op + " takes one argument, the VM id");
            }
            if (guestTimeout() != null) {
                throw StrataException.invalid(
                        "--timeout needs the one-argument form: vm-shutdown --timeout <s> <vmId>");
            }
            return inventory.powerVirtualMachine(id, vmId, op, ShellPrincipal.current());
        }
        return Vms.service(vms).act(id, operation().name(), guestTimeout(), ShellPrincipal.current());
    }

    @Override
    void started(Task task) {
        if (hostScoped()) {
            Output.taskDetails(task).print(out());
        } else {
            super.started(task);
        }
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-delete",
        description = "Undefines a stopped virtual machine; its disk images stay. Prints the task")
@Service
public class VmDelete extends TaskCommand implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference(optional = true)
    InventoryService inventory;

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    Task start() {
        org.strata.api.datacenter.TenantScope scope = ShellScope.current(tenants, inventory);
        if (scope.scoped()) {
            scope.vm(vms.vm(id));
        }
        return vms.delete(id, ShellPrincipal.current());
    }
}

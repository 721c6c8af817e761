package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellScope;
import org.strata.shell.StrataAction;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.VmIdCompleter;

@Command(scope = "strata", name = "vm-info", description = "Shows a virtual machine: state, devices, resources")
@Service
public class VmInfoCommand extends StrataAction implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference
    VmService vms;

    /** Optional: without it, the host is shown by id alone. */
    @Reference(optional = true)
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Vms.details(ShellScope.current(tenants, inventory).vm(vms.vm(id)), new Names(inventory, null, false))
                .print(out());
    }
}

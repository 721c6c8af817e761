package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.TaskService;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.TaskIdCompleter;

@Command(
        scope = "strata",
        name = "task-cancel",
        description = "Asks a task to stop: a queued task stops at once, a running one at its next check")
@Service
public class TaskCancel extends StrataAction implements org.strata.shell.TenantScoped {

    @Reference(optional = true)
    org.strata.api.datacenter.TenantService tenants;

    @Reference(optional = true)
    org.strata.api.inventory.InventoryService inventory;

    @Reference
    org.strata.api.vm.VmService vms;

    @Reference
    TaskService taskService;

    @Argument(index = 0, name = "id", description = "The task id", required = true)
    @Completion(TaskIdCompleter.class)
    String id;

    @Override
    protected void run() {
        TaskInfo.visible(taskService.task(id), tenants, inventory, vms);
        Output.taskDetails(taskService.cancel(id, ShellPrincipal.current())).print(out());
    }
}

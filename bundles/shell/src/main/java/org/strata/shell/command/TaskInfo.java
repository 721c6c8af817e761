package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.TaskService;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.TaskIdCompleter;

@Command(scope = "strata", name = "task-info", description = "Shows a task: state, progress, result or error")
@Service
public class TaskInfo extends StrataAction implements org.strata.shell.TenantScoped {

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

    /** The task, or NOT_FOUND for a scoped user who neither submitted it nor sees the VM it is about. */
    static org.strata.api.task.Task visible(
            org.strata.api.task.Task task,
            org.strata.api.datacenter.TenantService tenants,
            org.strata.api.inventory.InventoryService inventory,
            org.strata.api.vm.VmService vms) {
        org.strata.api.datacenter.TenantScope scope = org.strata.shell.ShellScope.current(tenants, inventory);
        if (!scope.scoped()) {
            return task;
        }
        return scope.task(task, vms);
    }

    @Override
    protected void run() {
        Output.taskDetails(visible(taskService.task(id), tenants, inventory, vms))
                .print(out());
    }
}

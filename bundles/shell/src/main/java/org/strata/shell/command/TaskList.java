package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VmService;
import org.strata.shell.Arguments;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.TaskStateCompleter;

@Command(scope = "strata", name = "task-list", description = "Lists tasks, newest first")
@Service
public class TaskList extends PagedAction {

    @Reference
    TaskService taskService;

    /** Optional: without them, targets are shown by id, as before. */
    @Reference(optional = true)
    InventoryService inventory;

    @Reference(optional = true)
    VmService vms;

    @Option(
            name = "--state",
            aliases = "-s",
            description = "Only tasks in this state: QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED")
    @Completion(TaskStateCompleter.class)
    String state;

    @Option(name = "--ids", description = "Show each target by id instead of by name")
    boolean ids;

    @Override
    protected void run() {
        Page<Task> page = taskService.tasks(Arguments.taskState(state), page());
        Names names = new Names(inventory, vms, ids);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Operation");
        table.column("Target");
        table.column("State");
        table.column("Progress").alignRight();
        table.column("Principal");
        table.column("Created");
        for (Task t : page.items()) {
            table.addRow()
                    .addContent(
                            t.id(),
                            Output.text(t.operation()),
                            names.target(t.targetType(), t.targetId()),
                            Output.text(t.state()),
                            t.progress() + "%",
                            Output.text(t.principal()),
                            Output.time(t.created()));
        }
        print(table, page);
    }
}

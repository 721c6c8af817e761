package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.shell.Arguments;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "host-refresh",
        description = "Starts a task that contacts a host and updates its state; prints the task id")
@Service
public class HostRefresh extends StrataAction {

    @Reference
    InventoryService inventory;

    @Reference
    TaskService taskService;

    @Argument(index = 0, name = "id", description = "The host id", required = true)
    @Completion(HostIdCompleter.class)
    String id;

    @Option(name = "--wait", aliases = "-w", description = "Wait until the task is done and show it")
    boolean await;

    @Option(name = "--timeout", description = "With --wait, the most seconds to wait (1 to 3600, default 60)")
    int timeoutSeconds = 60;

    @Override
    protected void run() throws InterruptedException {
        if (await) {
            Arguments.waitSeconds(timeoutSeconds);
        }
        Task task = inventory.refreshHost(id, ShellPrincipal.current());
        out().println("Task " + task.id());
        if (await) {
            Tasks.awaitAndPrint(taskService, task, timeoutSeconds, out(), err());
        }
    }
}

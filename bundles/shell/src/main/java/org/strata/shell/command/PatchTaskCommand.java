package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.shell.Arguments;
import org.strata.shell.StrataAction;

/**
 * Base of the patching commands that start a task. Unlike the other task commands they wait by default, as an admin
 * who asks for a scan wants its verdict; {@code --no-wait} prints the task and returns. A failed task fails the
 * command, so that a script sees it.
 */
abstract class PatchTaskCommand extends StrataAction {

    @Reference
    TaskService taskService;

    @Option(name = "--no-wait", description = "Print the task and return instead of waiting for it")
    boolean noWait;

    @Option(name = "--wait-timeout", description = "The most seconds to wait (1 to 3600, default 1800)")
    int waitTimeoutSeconds = 1800;

    abstract Task start();

    /** What is printed once the task is done (or at once with --no-wait); nothing more by default. */
    void finished(Task task) {}

    @Override
    protected void run() throws InterruptedException {
        if (!noWait) {
            // Checked before anything starts: a bad option must not leave a task running behind an error.
            Arguments.waitSeconds("--wait-timeout", waitTimeoutSeconds);
        }
        Task task = start();
        out().println("Task " + task.id());
        if (noWait) {
            return;
        }
        Tasks.awaitAndPrint(taskService, task, waitTimeoutSeconds, out(), err());
        finished(task);
    }
}

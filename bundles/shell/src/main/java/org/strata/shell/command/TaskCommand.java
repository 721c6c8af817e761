package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.shell.Arguments;
import org.strata.shell.StrataAction;

/**
 * Base of the commands that start a task: they print its id and, with {@code --wait}, wait for it and
 * show the outcome; a task that failed fails the command, so that a script sees it.
 */
abstract class TaskCommand extends StrataAction {

    @Reference
    TaskService taskService;

    @Option(name = "--wait", aliases = "-w", description = "Wait until the task is done and show it")
    boolean await;

    @Option(name = "--wait-timeout", description = "With --wait, the most seconds to wait (1 to 3600, default 300)")
    int waitTimeoutSeconds = 300;

    /** Starts the task; called after the options common to every task command were checked. */
    abstract Task start();

    /** What is printed once the task started. */
    void started(Task task) {
        out().println("Task " + task.id());
    }

    @Override
    protected void run() throws InterruptedException {
        if (await) {
            // Checked before anything starts: a bad option must not leave a task running behind an error.
            Arguments.waitSeconds("--wait-timeout", waitTimeoutSeconds);
        }
        Task task = start();
        started(task);
        if (await) {
            Tasks.awaitAndPrint(taskService, task, waitTimeoutSeconds, out(), err());
        }
    }
}

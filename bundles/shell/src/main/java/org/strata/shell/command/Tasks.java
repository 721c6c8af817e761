package org.strata.shell.command;

import java.io.PrintStream;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.shell.Output;
import org.strata.shell.TaskWaiter;

/** What the commands that start a task print when asked to wait for it. */
final class Tasks {

    private Tasks() {}

    static void awaitAndPrint(TaskService tasks, Task task, int seconds, PrintStream out, PrintStream err)
            throws InterruptedException {
        Task done = TaskWaiter.await(tasks, task, seconds);
        Output.taskDetails(done).print(out);
        if (!done.done()) {
            out.println("Task " + done.id() + " is still " + done.state() + " after " + seconds
                    + " s; follow it with strata:task-info " + done.id());
        } else if (done.state() == TaskState.FAILED) {
            // Fails the command like any other error, so that a script sees exit status 1.
            throw new StrataException(
                    done.errorCode() == null ? ErrorCode.INTERNAL : done.errorCode(), Output.text(done.errorMessage()));
        }
    }
}

package org.strata.shell;

import java.time.Duration;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;

/** Waits for a task for {@code --wait}: the service blocks until it ends, so the shell answers the moment it does. */
public final class TaskWaiter {

    private TaskWaiter() {}

    /**
     * Returns the task once it is done, or as it stands when {@code seconds} have passed. A task that
     * is already done is returned at once without asking the service.
     */
    public static Task await(TaskService tasks, Task task, int seconds) throws InterruptedException {
        if (task.done()) {
            return task;
        }
        Task current = tasks.await(task.id(), Duration.ofSeconds(seconds));
        if (Thread.interrupted()) {
            throw new InterruptedException("stopped waiting for task " + task.id());
        }
        return current;
    }
}

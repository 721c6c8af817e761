package org.strata.shell;

import java.util.concurrent.TimeUnit;

import org.strata.api.Task;
import org.strata.api.TaskService;

/** Polls a task until it is done or a time has passed: a short bounded loop, for {@code --wait}. */
public final class TaskWaiter {

    static final long POLL_MILLIS = 500;

    private TaskWaiter() {
    }

    /**
     * Returns the task once it is done, or as it stands when {@code seconds} have passed. A task that
     * is already done is returned at once without asking the service.
     */
    public static Task await(TaskService tasks, Task task, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Task current = task;
        while (!current.done()) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                break;
            }
            Thread.sleep(Math.min(POLL_MILLIS, remaining));
            current = tasks.task(current.id());
        }
        return current;
    }
}

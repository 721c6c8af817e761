package org.strata.api.task;

import java.time.Duration;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** Tasks: long work with state and progress, listable and cancellable. */
public interface TaskService {

    /** Tasks, newest first; {@code state} may be null for all. */
    Page<Task> tasks(TaskState state, PageRequest page);

    Task task(String id);

    /**
     * Waits until the task has finished or {@code timeout} has passed, and returns it as it stands then:
     * for callers that block (REST {@code ?wait=}, the shell's {@code --wait}) instead of polling. The wait
     * ends the moment the task does. An interrupted wait returns early, with the interrupt flag set.
     */
    Task await(String id, Duration timeout);

    /**
     * Asks a task to stop. A queued task is cancelled at once; a running one at its next check.
     * Cancelling a finished task is a conflict.
     */
    Task cancel(String id, String principal);
}

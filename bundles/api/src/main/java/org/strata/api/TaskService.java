package org.strata.api;

/** Tasks: long work with state and progress, listable and cancellable. */
public interface TaskService {

    /** Tasks, newest first; {@code state} may be null for all. */
    Page<Task> tasks(TaskState state, PageRequest page);

    Task task(String id);

    /**
     * Asks a task to stop. A queued task is cancelled at once; a running one at its next check.
     * Cancelling a finished task is a conflict.
     */
    Task cancel(String id, String principal);
}

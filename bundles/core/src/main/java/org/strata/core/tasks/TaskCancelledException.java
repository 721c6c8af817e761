package org.strata.core.tasks;

/** Ends a task whose cancellation was requested. */
public final class TaskCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskCancelledException() {
        super("cancelled", null, false, false);
    }
}

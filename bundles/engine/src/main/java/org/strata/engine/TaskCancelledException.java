package org.strata.engine;

/** Thrown by {@link TaskContext#checkCancelled()}: the task ends as CANCELLED. */
public final class TaskCancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TaskCancelledException() {
        super("cancelled", null, false, false);
    }
}

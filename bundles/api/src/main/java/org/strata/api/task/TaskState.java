package org.strata.api.task;

/** Where a task is in its life. */
public enum TaskState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean done() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}

package org.strata.core.tasks;

/** What a running task may tell the platform, and ask it. */
public interface TaskContext {

    /** Reports progress (0..100) and what the task is doing now. */
    void progress(int percent, String message);

    /** Throws {@link TaskCancelledException} when someone asked to cancel; call it between steps. */
    void checkCancelled();
}

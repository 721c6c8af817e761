package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/** What a running task may tell the platform, and ask it. */
@ProviderType
public interface TaskContext {

    /** The id of the task being run. */
    String taskId();

    /** Reports progress (0..100) and what the task is doing now. */
    void progress(int percent, String message);

    /** Throws {@link TaskCancelledException} when someone asked to cancel; call it between steps. */
    void checkCancelled();
}

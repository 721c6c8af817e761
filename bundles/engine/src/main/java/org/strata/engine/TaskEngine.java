package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;
import org.strata.api.task.Task;

/**
 * Runs long work as tasks that users see, follow and cancel through {@link org.strata.api.task.TaskService}.
 *
 * <p>Order: tasks that share a target (their {@link TaskRequest#target()} or one of
 * {@link TaskRequest#alsoHolds()}) run one after another, in the order they were submitted; until its turn comes a
 * task is QUEUED and its message says which task it waits for. Tasks on different targets run at once, as far as
 * their lane has workers. A task cut short by a stop of the platform shows as FAILED after the next start.
 */
@ProviderType
public interface TaskEngine {

    /** Queues work as a task and returns it as submitted: QUEUED, its message saying what it waits for, if anything. */
    Task submit(TaskRequest request, TaskWork work);
}

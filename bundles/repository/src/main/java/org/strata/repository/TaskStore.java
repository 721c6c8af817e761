package org.strata.repository;

import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;

/**
 * Tasks, as the task runner saves them.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface TaskStore {

    // Tasks, newest first.
    /** Inserts or replaces a task by id. */
    void saveTask(Task task);

    Optional<Task> task(String id);

    Page<Task> tasks(TaskState state, PageRequest page);

    /**
     * Marks every task still QUEUED or RUNNING as FAILED with the given message. Called once at start-up,
     * so that work cut short by a crash or a restart is shown as such instead of as running forever.
     */
    int failUnfinishedTasks(String message);
}

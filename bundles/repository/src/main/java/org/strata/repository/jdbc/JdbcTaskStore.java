package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.require;

import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.repository.TaskStore;

/** Tasks over JDBC, saved as the task runner hands them over; no history entries (a task is work, not configuration). */
final class JdbcTaskStore implements TaskStore {

    private final Transactions tx;
    private final TaskDao tasks;

    JdbcTaskStore(Transactions tx, TaskDao tasks) {
        this.tx = tx;
        this.tasks = tasks;
    }

    @Override
    public void saveTask(Task task) {
        require(task.id(), "id");
        require(task.operation(), "operation");
        if (task.state() == null || task.created() == null) {
            throw StrataException.invalid("a task needs a state and a creation time");
        }
        tx.inTransaction("saving a task", c -> {
            // Update first: every save after the first finds its row, and the update's row lock orders two saves
            // of one task as the select for update did, one statement less.
            if (tasks.update(c, task) == 0) {
                tasks.insert(c, task);
            }
            return null;
        });
    }

    @Override
    public Optional<Task> task(String id) {
        return tx.inTransaction("reading a task", c -> tasks.find(c, id));
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        return tx.inTransaction("listing tasks", c -> tasks.page(c, state, page));
    }

    @Override
    public int failUnfinishedTasks(String message) {
        return tx.inTransaction("failing unfinished tasks", c -> tasks.failUnfinished(c, message, Rows.now()));
    }
}

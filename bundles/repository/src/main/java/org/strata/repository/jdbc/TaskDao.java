package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;

/** SQL for the task table. */
final class TaskDao {

    private static final String COLUMNS = "id, operation, target_type, target_id, state, progress, message, result,"
            + " error_code, error_message, principal, created_at, started_at, finished_at";

    Optional<Task> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from task where id = ?", TaskDao::map, id);
    }

    Page<Task> page(Connection c, TaskState state, PageRequest page) throws SQLException {
        return state == null
                ? Rows.page(c, COLUMNS, "task", null, "created_at desc, id desc", page, TaskDao::map)
                : Rows.page(c, COLUMNS, "task", "state = ?", "created_at desc, id desc", page, TaskDao::map, state);
    }

    void insert(Connection c, Task t) throws SQLException {
        Rows.update(
                c,
                "insert into task (operation, target_type, target_id, state, progress, message, result,"
                        + " error_code, error_message, principal, created_at, started_at, finished_at, id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values(t));
    }

    /** @return the number of rows updated: 0 when the task is not stored yet */
    int update(Connection c, Task t) throws SQLException {
        return Rows.update(
                c,
                "update task set operation = ?, target_type = ?, target_id = ?, state = ?, progress = ?,"
                        + " message = ?, result = ?, error_code = ?, error_message = ?, principal = ?, created_at = ?,"
                        + " started_at = ?, finished_at = ? where id = ?",
                values(t));
    }

    int failUnfinished(Connection c, String message, Instant now) throws SQLException {
        return Rows.update(
                c,
                "update task set state = ?, error_code = ?, error_message = ?, finished_at = ?"
                        + " where state in (?, ?)",
                TaskState.FAILED,
                ErrorCode.INTERNAL,
                message,
                now,
                TaskState.QUEUED,
                TaskState.RUNNING);
    }

    /** In the column order shared by {@link #insert} and {@link #update}, the id last. */
    private static Object[] values(Task t) {
        return new Object[] {
            t.operation(),
            t.targetType(),
            t.targetId(),
            t.state(),
            t.progress(),
            t.message(),
            t.result(),
            t.errorCode(),
            t.errorMessage(),
            t.principal(),
            t.created(),
            Rows.orNull(t.started(), Types.TIMESTAMP_WITH_TIMEZONE),
            Rows.orNull(t.finished(), Types.TIMESTAMP_WITH_TIMEZONE),
            t.id()
        };
    }

    private static Task map(ResultSet rs) throws SQLException {
        String errorCode = rs.getString("error_code");
        return new Task(
                rs.getString("id"),
                rs.getString("operation"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                TaskState.valueOf(rs.getString("state")),
                rs.getInt("progress"),
                rs.getString("message"),
                rs.getString("result"),
                errorCode == null ? null : ErrorCode.valueOf(errorCode),
                rs.getString("error_message"),
                rs.getString("principal"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "finished_at"));
    }
}

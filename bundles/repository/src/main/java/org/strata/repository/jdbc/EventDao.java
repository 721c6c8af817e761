package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.strata.api.Event;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** SQL for the event_log table. */
final class EventDao {

    private static final String COLUMNS = "id, occurred_at, severity, event_type, subject_type, subject_id, message";

    Event insert(Connection c, Instant time, Event.Severity severity, String type, String subjectType,
                 String subjectId, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into event_log (occurred_at, severity, event_type,"
                + " subject_type, subject_id, message) values (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            Rows.bind(ps, time, severity, type, subjectType, subjectId, message);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no id was generated for the event");
                }
                // PostgreSQL returns every column, H2 the identity only: read it by name either way.
                return new Event(keys.getLong("id"), time, severity, type, subjectType, subjectId, message);
            }
        }
    }

    Page<Event> page(Connection c, String subjectId, PageRequest page) throws SQLException {
        return subjectId == null
                ? Rows.page(c, COLUMNS, "event_log", null, "occurred_at desc, id desc", page, EventDao::map)
                : Rows.page(c, COLUMNS, "event_log", "subject_id = ?", "occurred_at desc, id desc", page,
                        EventDao::map, subjectId);
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("id"), Rows.instant(rs, "occurred_at"),
                Event.Severity.valueOf(rs.getString("severity")), rs.getString("event_type"),
                rs.getString("subject_type"), rs.getString("subject_id"), rs.getString("message"));
    }
}

package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/** SQL for the event_log table. */
final class EventDao {

    private static final String COLUMNS = "id, occurred_at, severity, event_type, subject_type, subject_id, message";

    Event insert(
            Connection c,
            Instant time,
            Event.Severity severity,
            String type,
            String subjectType,
            String subjectId,
            String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into event_log (occurred_at, severity, event_type,"
                        + " subject_type, subject_id, message) values (?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
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
                : Rows.page(
                        c,
                        COLUMNS,
                        "event_log",
                        "subject_id = ?",
                        "occurred_at desc, id desc",
                        page,
                        EventDao::map,
                        subjectId);
    }

    /** Ascending by id: ids increase in commit order (the event log records one event transaction at a time). */
    List<Event> after(Connection c, long afterId, EventFilter filter, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from event_log where id > ?");
        List<Object> params = new ArrayList<>();
        params.add(afterId);
        if (!filter.types().isEmpty()) {
            sql.append(" and event_type in (")
                    .append(String.join(", ", Collections.nCopies(filter.types().size(), "?")))
                    .append(')');
            params.addAll(filter.types());
        }
        if (filter.subjectType() != null) {
            sql.append(" and subject_type = ?");
            params.add(filter.subjectType());
        }
        if (filter.subjectId() != null) {
            sql.append(" and subject_id = ?");
            params.add(filter.subjectId());
        }
        sql.append(" order by id asc limit ?");
        params.add(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Rows.bind(ps, params.toArray());
            List<Event> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(map(rs));
                }
            }
            return found;
        }
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(
                rs.getLong("id"),
                Rows.instant(rs, "occurred_at"),
                Event.Severity.valueOf(rs.getString("severity")),
                rs.getString("event_type"),
                rs.getString("subject_type"),
                rs.getString("subject_id"),
                rs.getString("message"));
    }
}

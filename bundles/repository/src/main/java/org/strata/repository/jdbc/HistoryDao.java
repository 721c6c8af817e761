package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.history.HistoryEntry;

/** SQL for the history_entry table. */
final class HistoryDao {

    private static final String COLUMNS =
            "id, changed_at, principal, entity_type, entity_id, action, before_json, after_json";

    private final JsonSnapshots json;

    HistoryDao(JsonSnapshots json) {
        this.json = json;
    }

    /** Records one change; {@code before} and {@code after} are the API records (null for none). */
    void record(
            Connection c,
            String principal,
            String entityType,
            String entityId,
            HistoryEntry.Action action,
            Object before,
            Object after)
            throws SQLException {
        Rows.update(
                c,
                "insert into history_entry (changed_at, principal, entity_type, entity_id, action,"
                        + " before_json, after_json) values (?, ?, ?, ?, ?, ?, ?)",
                Rows.now(),
                principal,
                entityType,
                entityId,
                action,
                json.toJson(before),
                json.toJson(after));
    }

    Page<HistoryEntry> page(Connection c, String entityType, String entityId, PageRequest page) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (entityType != null) {
            conditions.add("entity_type = ?");
            params.add(entityType);
        }
        if (entityId != null) {
            conditions.add("entity_id = ?");
            params.add(entityId);
        }
        String where = conditions.isEmpty() ? null : String.join(" and ", conditions);
        return Rows.page(
                c,
                COLUMNS,
                "history_entry",
                where,
                "changed_at desc, id desc",
                page,
                HistoryDao::map,
                params.toArray());
    }

    private static HistoryEntry map(ResultSet rs) throws SQLException {
        return new HistoryEntry(
                rs.getLong("id"),
                Rows.instant(rs, "changed_at"),
                rs.getString("principal"),
                rs.getString("entity_type"),
                rs.getString("entity_id"),
                HistoryEntry.Action.valueOf(rs.getString("action")),
                rs.getString("before_json"),
                rs.getString("after_json"));
    }
}

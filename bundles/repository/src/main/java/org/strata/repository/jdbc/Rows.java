package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** Small JDBC helpers shared by the DAOs: binding, reading nullable columns, paging. */
final class Rows {

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {}

    /** Now, at the precision the schema keeps, so that what a write returns equals what a read returns. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Ids per IN list: well below every database's limit on bound parameters. */
    static final int CHUNK = 500;

    /** The values in lists of at most {@link #CHUNK}, one IN list each. */
    static List<List<String>> chunks(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> all = List.copyOf(ids);
        List<List<String>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }

    /** n question marks, for an IN list. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            int index = i + 1;
            if (value == null) {
                ps.setNull(index, Types.VARCHAR);
            } else if (value instanceof Instant instant) {
                ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
            } else if (value instanceof Null n) {
                ps.setNull(index, n.sqlType());
            } else if (value instanceof Enum<?> e) {
                ps.setString(index, e.name());
            } else {
                ps.setObject(index, value);
            }
        }
    }

    /** A typed SQL NULL, for columns where a VARCHAR null would not be accepted as is (PostgreSQL is strict). */
    record Null(int sqlType) {}

    static Object orNull(Object value, int sqlType) {
        return value == null ? new Null(sqlType) : value;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Long bigint(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(mapper.map(rs));
                }
                return items;
            }
        }
    }

    /** The first row mapped, or empty when there is none or it maps to null. */
    static <T> Optional<T> one(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        List<T> items = list(c, sql, mapper, params);
        return items.isEmpty() ? Optional.empty() : Optional.ofNullable(items.get(0));
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * One page of {@code select <columns> from <from> [where] order by <orderBy>} plus the total count.
     *
     * @param where a condition with {@code ?} for each of {@code params}, or null for all rows
     */
    static <T> Page<T> page(
            Connection c,
            String columns,
            String from,
            String where,
            String orderBy,
            PageRequest page,
            Mapper<T> mapper,
            Object... params)
            throws SQLException {
        String filter = where == null ? "" : " where " + where;
        Object[] pagedParams = new Object[params.length + 2];
        System.arraycopy(params, 0, pagedParams, 0, params.length);
        pagedParams[params.length] = page.limit();
        pagedParams[params.length + 1] = page.offset();
        List<T> items = list(
                c,
                "select " + columns + " from " + from + filter + " order by " + orderBy + " limit ? offset ?",
                mapper,
                pagedParams);
        // A page that is not full is the last one, and says the total itself: only a full page (or an empty one
        // past the end) needs the count, which scans what the filter selects.
        boolean last = items.size() < page.limit() && (!items.isEmpty() || page.offset() == 0);
        long total =
                last ? page.offset() + (long) items.size() : count(c, "select count(*) from " + from + filter, params);
        return new Page<>(items, page.offset(), page.limit(), total);
    }
}

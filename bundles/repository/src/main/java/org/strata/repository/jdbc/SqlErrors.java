package org.strata.repository.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * Classifies SQL failures by SQLSTATE (the same codes in H2 and PostgreSQL) and turns the unexpected ones into
 * INTERNAL errors whose message says what failed but never how: SQL text and driver messages go to the log.
 */
final class SqlErrors {

    private static final Logger LOG = LoggerFactory.getLogger(SqlErrors.class);

    /** H2: the database was closed (after a write failed, for one); 90028 and 90031: an I/O failure. */
    private static final Set<Integer> H2_BROKEN = Set.of(90098, 90028, 90031, 90121);
    /** PostgreSQL class 57P: the server was shut down, crashed or cannot accept connections now. */
    private static final Set<String> PG_BROKEN = Set.of("57P01", "57P02", "57P03");

    private SqlErrors() {}

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** A foreign key broken either way: 23503 in both databases, 23506 is H2's "parent missing". */
    static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    /** Class 22: a value too long or otherwise unfit for its column. */
    static boolean isDataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    /**
     * True when the failure is the database's or its disk's, not the statement's: the connection (and, for H2,
     * the database it had open) is no good any more, but a new one may work, once the disk has room again or the
     * server is back.
     */
    static boolean isBrokenDatabase(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException
                || (state != null && (state.startsWith("08") || PG_BROKEN.contains(state)))
                || H2_BROKEN.contains(e.getErrorCode())
                || causedByIo(e);
    }

    /** ENOSPC somewhere in the causes: the one case worth naming to the user, who can do something about it. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** What to tell the user when {@link #isBrokenDatabase} holds; the details go to the log. */
    static StrataException unavailable(String action, SQLException e) {
        boolean full = isDiskFull(e);
        LOG.error(
                "The configuration repository failed while {} ({}; SQLState {}): {}",
                action,
                full ? "no space left on its disk" : "its database is closed or unreachable",
                e.getSQLState(),
                e.getMessage());
        return new StrataException(
                ErrorCode.UNAVAILABLE,
                "the configuration repository cannot be used right now ("
                        + (full ? "no space left on its disk" : "its database is closed or unreachable")
                        + ") while " + action + "; try again later");
    }

    static StrataException translate(String action, SQLException e) {
        if (isDataException(e)) {
            LOG.info("Repository refused a value while {}: {}", action, e.getMessage());
            return StrataException.invalid("a value is too long or malformed");
        }
        if (isForeignKeyViolation(e)) {
            // Checks inside the transaction normally catch this first; reaching here means a concurrent change.
            LOG.info("Repository reference check failed while {}: {}", action, e.getMessage());
            return StrataException.conflict("the change clashes with a concurrent change; try again");
        }
        if (isUniqueViolation(e)) {
            LOG.info("Repository uniqueness check failed while {}: {}", action, e.getMessage());
            return StrataException.conflict("the change clashes with an existing object");
        }
        LOG.error("Repository failure while {} (SQLState {})", action, e.getSQLState(), e);
        return new StrataException(ErrorCode.INTERNAL, "the configuration repository failed while " + action);
    }
}

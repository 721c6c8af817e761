package org.strata.repository.jdbc;

import java.sql.SQLException;

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

    private SqlErrors() {
    }

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

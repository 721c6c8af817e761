package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/** Runs work in one database transaction: all of it is committed, or on any failure none of it. */
final class Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Told when a transaction failed because the database or its disk did (see SqlErrors.isBrokenDatabase). */
    @FunctionalInterface
    interface BrokenDatabaseListener {
        void databaseBroke(String action, SQLException cause);
    }

    private final DataSource dataSource;
    private final BrokenDatabaseListener broken;

    Transactions(DataSource dataSource) {
        this(dataSource, (action, cause) -> {});
    }

    Transactions(DataSource dataSource, BrokenDatabaseListener broken) {
        this.dataSource = dataSource;
        this.broken = broken;
    }

    /**
     * @param action what is being done, in words fit for an error message ("creating a datacenter")
     */
    <T> T inTransaction(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, action, e);
                throw e;
            }
        } catch (SQLException e) {
            if (SqlErrors.isBrokenDatabase(e)) {
                broken.databaseBroke(action, e);
                throw SqlErrors.unavailable(action, e);
            }
            throw SqlErrors.translate(action, e);
        } catch (StrataException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Repository failure while {}", action, e);
            throw new StrataException(ErrorCode.INTERNAL, "the configuration repository failed while " + action);
        }
    }

    private static void rollback(Connection connection, String action, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            if (cause instanceof SQLException failed && SqlErrors.isBrokenDatabase(failed)) {
                // Expected: the connection or the database is gone, which the caller reports.
                LOG.debug("Rollback failed while {}", action, e);
            } else {
                LOG.warn("Rollback failed while {}", action, e);
            }
        }
    }
}

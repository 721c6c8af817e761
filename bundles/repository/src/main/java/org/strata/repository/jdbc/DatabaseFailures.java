package org.strata.repository.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Remembers that a transaction failed because the database did (disk full, server gone), for the repository's
 * health, whichever store's transaction it was. Told by the shared {@link Transactions}.
 */
final class DatabaseFailures implements Transactions.BrokenDatabaseListener {

    record Failure(Instant at, String reason, String action) {}

    private final HikariDataSource dataSource;
    /** Set when a transaction failed because the database did; cleared once a write works again. */
    private volatile Failure last;

    DatabaseFailures(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Pooled connections to a database that failed are of no more use, and with H2 the database they hold was
     * closed: evicting them makes the next request open it afresh, so that Strata works again once the disk has
     * room, without a restart.
     */
    @Override
    public void databaseBroke(String action, SQLException cause) {
        last = new Failure(
                Rows.now(),
                SqlErrors.isDiskFull(cause) ? "no space left on its disk" : "its database is closed or unreachable",
                action);
        var pool = dataSource.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    /** The last failure since the repository was last written, or null. */
    Failure last() {
        return last;
    }

    /** A write worked again. */
    void cleared() {
        last = null;
    }
}

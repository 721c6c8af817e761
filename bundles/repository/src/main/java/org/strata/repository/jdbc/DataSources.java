package org.strata.repository.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Builds the connection pool. The vendor DataSource is instantiated directly from the URL prefix instead of
 * going through DriverManager or a driver class name: in OSGi neither DriverManager nor Hikari's
 * class-by-name loading can see driver bundles that this bundle merely imports.
 */
final class DataSources {

    private DataSources() {}

    static HikariDataSource pooled(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(vendorDataSource(settings));
        config.setPoolName("strata-repository");
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // Every use is a transaction that commits or rolls back itself (Transactions, and the few statements at
        // start-up), so connections stay in manual commit: with autocommit as the pool's default, Hikari switched it
        // back on at every check-in, and H2 answered each switch with a commit of its own.
        config.setAutoCommit(false);
        // Fail at once when the database is unreachable, so activation fails visibly instead of later.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    static DataSource vendorDataSource(DatabaseSettings settings) {
        String url = settings.url();
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(settings.user() == null ? "" : settings.user());
            h2.setPassword(settings.password() == null ? "" : settings.password());
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            // User and password first: setUrl then applies any given in the URL, so those win.
            if (settings.user() != null && !settings.user().isEmpty()) {
                pg.setUser(settings.user());
            }
            if (settings.password() != null && !settings.password().isEmpty()) {
                pg.setPassword(settings.password());
            }
            pg.setUrl(url);
            return pg;
        }
        throw new IllegalArgumentException(
                "unsupported database URL " + settings.safeUrl() + ": expected jdbc:h2: or jdbc:postgresql:");
    }
}

package org.strata.repository.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/** A connection pool on an up-to-date schema, and whether this start created the repository. */
record OpenDatabase(HikariDataSource pool, boolean createdNew) {

    private static final Logger LOG = LoggerFactory.getLogger(OpenDatabase.class);

    /**
     * Opens the database and brings its schema up to date.
     *
     * @throws RepositoryUnusableException when an existing embedded database is damaged or not Strata's
     * @throws StrataException INTERNAL when the database cannot be reached or migrated
     */
    static OpenDatabase open(DatabaseSettings settings) {
        String user = settings.user() == null ? "" : settings.user();
        String password = settings.password() == null ? "" : settings.password();
        boolean createdNew = false;
        var embedded = EmbeddedH2.of(settings.url());
        if (embedded.isPresent()) {
            EmbeddedH2 file = embedded.get();
            if (file.exists()) {
                if (file.verifyExisting(user, password)) {
                    file.adoptPassword(user, password);
                }
            } else {
                file.create(user, password, dataSource -> {
                    Migrations.migrate(dataSource);
                    markCreatedNew(dataSource);
                });
                createdNew = true;
                LOG.info("Created a new configuration repository at {}", file.dataFile());
            }
        }
        HikariDataSource pool;
        try {
            pool = DataSources.pooled(settings);
        } catch (RuntimeException e) {
            // Hikari's message may carry the driver's, which never holds our password but may be long: log it all.
            LOG.error(
                    "Cannot connect to the configuration repository database at {} as user '{}'",
                    settings.safeUrl(),
                    settings.user(),
                    e);
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "cannot connect to the configuration repository database at " + settings.safeUrl());
        }
        try {
            var result = Migrations.migrate(pool);
            LOG.info(
                    "Configuration repository at {} is at schema version {} ({} migrations applied now)",
                    settings.safeUrl(),
                    result.targetSchemaVersion == null ? "(unchanged)" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            if (embedded.isEmpty() && result.initialSchemaVersion == null && result.migrationsExecuted > 0) {
                // A server database whose schema this start made from nothing.
                markCreatedNew(pool);
                createdNew = true;
            }
            return new OpenDatabase(pool, createdNew);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            LOG.error("Cannot migrate the configuration repository schema at {}", settings.safeUrl(), e);
            throw new StrataException(
                    ErrorCode.INTERNAL, "cannot migrate the configuration repository schema at " + settings.safeUrl());
        }
    }

    private static void markCreatedNew(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var s = c.prepareStatement("update repository_info set demo_seed_pending = true")) {
            s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}

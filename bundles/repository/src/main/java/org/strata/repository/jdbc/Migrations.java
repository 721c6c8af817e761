package org.strata.repository.jdbc;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with Flyway. */
final class Migrations {

    private Migrations() {}

    static MigrateResult migrate(DataSource dataSource) {
        // Flyway resolves its own plugins (database support) with its bundle's class loader; ours is the one
        // that can see the SQL files, so it is the one to hand over here.
        return migrate(dataSource, JdbcConfigRepository.class.getClassLoader());
    }

    static MigrateResult migrate(DataSource dataSource, ClassLoader bundleLoader) {
        return migrate(dataSource, bundleLoader, null);
    }

    /** Up to {@code target} (a version such as "6"), or to the latest when null: tests of one migration use it. */
    static MigrateResult migrate(DataSource dataSource, ClassLoader bundleLoader, String target) {
        var configuration = Flyway.configure(bundleLoader);
        if (target != null) {
            configuration.target(target);
        }
        return configuration
                .dataSource(dataSource)
                .locations("classpath:" + BundledMigrations.LOCATION)
                // Both providers set: Flyway then builds no class path scanner at all (see BundledMigrations).
                .resourceProvider(new BundledMigrations(bundleLoader))
                .javaMigrationClassProvider(List::of)
                .load()
                .migrate();
    }
}

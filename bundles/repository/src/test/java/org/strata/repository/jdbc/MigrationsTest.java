package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Enumeration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Test;

public class MigrationsTest {

    /**
     * Like a bundle class loader whose directory listing Flyway cannot use: single resources load, but
     * enumerating a location (what Flyway's class path scanner relies on) finds nothing, and no class loads.
     */
    private static final class NoScanningLoader extends ClassLoader {
        private final ClassLoader real = MigrationsTest.class.getClassLoader();

        NoScanningLoader() {
            super(null);
        }

        @Override
        public URL getResource(String name) {
            return name.endsWith(".sql") ? real.getResource(name) : null;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return Collections.emptyEnumeration();
        }
    }

    @Test
    public void migratesWithoutScanningTheClassPath() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:noscan;DB_CLOSE_DELAY=-1");
        assertEquals(
                BundledMigrations.MIGRATIONS.size(), Migrations.migrate(h2, new NoScanningLoader()).migrationsExecuted);
        try (Connection c = h2.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from information_schema.tables where lower(table_name) in"
                                + " ('datacenter', 'resource_pool', 'host', 'history_entry', 'event_log', 'task')")) {
            rs.next();
            assertEquals(6, rs.getInt(1));
        }
        assertEquals(0, Migrations.migrate(h2, new NoScanningLoader()).migrationsExecuted);
    }
}

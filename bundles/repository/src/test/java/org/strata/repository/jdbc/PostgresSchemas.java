package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.Assume;

/**
 * The PostgreSQL the contract tests run on, given by system property {@code strata.test.pg.url} (the pom passes
 * environment variable STRATA_TEST_PG_URL): a schema of its own per test, dropped afterwards, so tests never see each
 * other's rows and the database is left as found.
 */
final class PostgresSchemas {

    private PostgresSchemas() {}

    /** Skips the class when no PostgreSQL is given, saying so. */
    static void requirePostgres() {
        String url = baseUrl();
        if (url == null) {
            System.err.println("PostgreSQL tests skipped: STRATA_TEST_PG_URL not set");
        }
        Assume.assumeTrue("PostgreSQL tests skipped: STRATA_TEST_PG_URL not set", url != null);
    }

    /** The URL, or null when unset (Maven passes an unset variable through as the literal expression). */
    private static String baseUrl() {
        String url = System.getProperty("strata.test.pg.url");
        return url == null || url.isBlank() || url.startsWith("${") ? null : url.trim();
    }

    /** A new schema's name. */
    static String create() throws Exception {
        String schema = "strata_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("create schema " + schema);
        return schema;
    }

    /** Settings that open the database in {@code schema}. */
    static DatabaseSettings settings(String schema) {
        String url = baseUrl();
        return new DatabaseSettings(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null, 4);
    }

    static void drop(String schema) throws Exception {
        if (schema != null) {
            execute("drop schema if exists " + schema + " cascade");
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DataSources.vendorDataSource(new DatabaseSettings(baseUrl(), null, null, 1))
                        .getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

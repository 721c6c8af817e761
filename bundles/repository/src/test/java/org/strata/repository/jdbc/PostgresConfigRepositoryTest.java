package org.strata.repository.jdbc;

import org.junit.BeforeClass;

/**
 * The repository contract on PostgreSQL ({@link PostgresSchemas}: given by STRATA_TEST_PG_URL, a schema per test,
 * dropped afterwards, so tests never see each other's rows and the database is left as found).
 */
public class PostgresConfigRepositoryTest extends ConfigRepositoryContractTest {

    private String schema;

    @BeforeClass
    public static void requirePostgres() {
        PostgresSchemas.requirePostgres();
    }

    @Override
    protected DatabaseSettings freshDatabase() throws Exception {
        schema = PostgresSchemas.create();
        return PostgresSchemas.settings(schema);
    }

    @Override
    protected void dropDatabase() throws Exception {
        PostgresSchemas.drop(schema);
    }
}

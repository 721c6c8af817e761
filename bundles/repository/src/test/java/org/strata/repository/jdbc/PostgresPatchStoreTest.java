package org.strata.repository.jdbc;

import org.junit.BeforeClass;

/**
 * The patching store on PostgreSQL, as {@link PostgresConfigRepositoryTest} runs the repository contract there
 * ({@link PostgresSchemas}: a schema per test, dropped afterwards).
 */
public class PostgresPatchStoreTest extends PatchStoreContractTest {

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

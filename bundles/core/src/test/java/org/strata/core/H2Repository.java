package org.strata.core;

import java.nio.file.Path;
import java.util.UUID;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/** The real repository on a private in-memory H2 database, for core's tests. */
public final class H2Repository {

    private H2Repository() {}

    public static JdbcConfigRepository open(Path keyFile) {
        return new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:mem:core-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2),
                keyFile);
    }
}

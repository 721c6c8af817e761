package org.strata.repository.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded H2 database kept in a file, and the care it needs that a server database does not.
 *
 * <p>Why: H2 opens an emptied or truncated file as a new, empty database without a word; Flyway then creates a
 * fresh schema in it and the file is overwritten at the next write. So an existing file is first opened read-only
 * and must hold Strata's schema history; a new repository is built under a temporary name and moved into place
 * only when its schema is complete, so that a file at the repository's path is always one Strata finished.
 *
 * <p>Repositories made before the embedded database had its own password were opened as {@code sa} without one;
 * they are given the configured password the first time they are opened (see {@link #adoptPassword}).
 */
final class EmbeddedH2 {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2.class);

    /** jdbc:h2:file:PATH or jdbc:h2:PATH, where PATH is not one of H2's other kinds (mem:, tcp:, ssl:, zip: ...). */
    private static final Pattern FILE_URL = Pattern.compile("jdbc:h2:(?:file:)?(?![a-zA-Z]{2,}:)([^;]+)(.*)");

    private static final String DATA_SUFFIX = ".mv.db";
    private static final String CREATING = "-creating";
    private static final String HISTORY_TABLE = "flyway_schema_history";

    // H2's error codes (org.h2.api.ErrorCode), named here to keep the reasons readable.
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final int FILE_CORRUPTED = 90030;
    private static final int DATABASE_IS_READ_ONLY = 90097;

    private final Path base;
    private final String options;

    private EmbeddedH2(Path base, String options) {
        this.base = base;
        this.options = options;
    }

    /** The database file behind an H2 URL; empty for in-memory and server URLs and for other databases. */
    static Optional<EmbeddedH2> of(String url) {
        Matcher m = FILE_URL.matcher(url);
        if (!m.matches() || m.group(1).startsWith("~")) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddedH2(Path.of(m.group(1)).toAbsolutePath(), m.group(2)));
    }

    /** The file H2 keeps the database in (H2 adds {@value #DATA_SUFFIX} to the path in the URL). */
    Path dataFile() {
        return file(base);
    }

    boolean exists() {
        return Files.exists(dataFile());
    }

    /**
     * Checks that the existing file is a Strata repository H2 can read, without writing to it.
     *
     * @return true when it opened only without a password: a repository from before the embedded database had
     *         its own, to be given the configured password once the schema is known good
     * @throws RepositoryUnusableException when it is empty, damaged, unreadable, in use or not Strata's
     */
    boolean verifyExisting(String user, String password) {
        Path file = dataFile();
        try {
            if (Files.size(file) == 0) {
                throw unusable("is empty (0 bytes): it may have been emptied by a full disk or by hand", true);
            }
        } catch (IOException e) {
            throw unusable("cannot be read: " + e.getMessage(), false);
        }
        try {
            requireSchemaHistory(user, password);
            return false;
        } catch (SQLException e) {
            if (e.getErrorCode() == WRONG_USER_OR_PASSWORD && !password.isEmpty()) {
                try {
                    requireSchemaHistory(user, "");
                    return true;
                } catch (SQLException legacy) {
                    if (legacy.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                        throw refusal(legacy);
                    }
                }
            }
            throw refusal(e);
        }
    }

    private void requireSchemaHistory(String user, String password) throws SQLException {
        // Read-only and IFEXISTS: nothing H2 does here can change the file, whatever state it is in.
        try (Connection c = connect(base, ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select count(*) from information_schema.tables where table_name = '" + HISTORY_TABLE + "'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                throw unusable(
                        "holds no Strata schema history: it may have been truncated or overwritten, or it is"
                                + " not a Strata repository",
                        true);
            }
        }
    }

    private RepositoryUnusableException refusal(SQLException e) {
        return switch (e.getErrorCode()) {
            case WRONG_USER_OR_PASSWORD ->
                unusable(
                        "refused the configured user and password (user, password and"
                                + " passwordFile in etc/org.strata.repository.cfg)",
                        false);
            case DATABASE_ALREADY_OPEN ->
                unusable("is in use by another process: is another Strata running from" + " this folder?", false);
            // An empty-schema file opened read-only fails one of these two ways: H2 would have to write to it.
            case FILE_CORRUPTED, DATABASE_IS_READ_ONLY -> unusable("is damaged (" + firstLine(e) + ")", true);
            default ->
                isNonWritableChannel(e)
                        ? unusable("holds no readable database: it may have been emptied or truncated", true)
                        : unusable("cannot be opened (" + firstLine(e) + ")", true);
        };
    }

    private RepositoryUnusableException unusable(String why, boolean damaged) {
        return new RepositoryUnusableException(dataFile(), why, damaged);
    }

    /** Gives a repository opened without a password until now the configured one (see class comment). */
    void adoptPassword(String user, String password) {
        try (Connection c = connect(base, ";IFEXISTS=TRUE", user, "");
                Statement s = c.createStatement()) {
            s.execute("alter user " + quoteName(user) + " set password '" + password.replace("'", "''") + "'");
            LOG.info("The embedded repository database {} now has its own password (it had none)", dataFile());
        } catch (SQLException e) {
            throw unusable("could not be given its password (" + firstLine(e) + ")", false);
        }
    }

    /**
     * Builds a new repository beside the final path and moves it there once {@code build} has finished, so that
     * a crash while the schema is made leaves no half-made file where the repository belongs.
     */
    void create(String user, String password, SchemaBuilder build) {
        Path temp = base.resolveSibling(base.getFileName() + CREATING);
        try {
            Files.deleteIfExists(file(temp)); // a creation cut short at an earlier start
            JdbcDataSource dataSource = dataSource(temp, options, user, password);
            try (Connection holder = dataSource.getConnection()) {
                // Held open so that H2 keeps one database for the whole build, then closes and flushes it.
                build.build(dataSource);
                try (Statement s = holder.createStatement()) {
                    s.execute("shutdown");
                }
            }
            Files.move(file(temp), dataFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | SQLException e) {
            throw new RepositoryUnusableException(dataFile(), "could not be created (" + e.getMessage() + ")", false);
        }
    }

    @FunctionalInterface
    interface SchemaBuilder {
        void build(JdbcDataSource dataSource) throws SQLException;
    }

    private static Connection connect(Path path, String extraOptions, String user, String password)
            throws SQLException {
        return dataSource(path, extraOptions, user, password).getConnection();
    }

    private static JdbcDataSource dataSource(Path path, String options, String user, String password) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + path + options);
        h2.setUser(user);
        h2.setPassword(password);
        return h2;
    }

    private static Path file(Path base) {
        return base.resolveSibling(base.getFileName() + DATA_SUFFIX);
    }

    private static String quoteName(String user) {
        // H2 keeps unquoted names in upper case: "sa" is the user SA.
        return "\"" + user.toUpperCase(java.util.Locale.ROOT).replace("\"", "\"\"") + "\"";
    }

    private static boolean isNonWritableChannel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.NonWritableChannelException
                    || String.valueOf(t.getMessage()).contains("NonWritableChannelException")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}

package org.strata.repository.jdbc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.repository.EventStore;
import org.strata.repository.NewEvent;
import org.strata.repository.RepositoryState;

/**
 * The embedded H2 repository file through the real H2: a damaged or foreign file stops the repository and is
 * left exactly as it was; only a repository made new offers the demo datacenter; a database that broke is opened
 * afresh at the next use.
 */
public class EmbeddedRepositoryTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path dir;
    private Path keyFile;

    @Before
    public void folders() throws Exception {
        dir = temp.newFolder("strata").toPath();
        keyFile = temp.getRoot().toPath().resolve("secret.key");
    }

    private DatabaseSettings settings(String password) {
        return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0", "sa", password, 2);
    }

    private Path file() {
        return dir.resolve("repository.mv.db");
    }

    private JdbcConfigRepository open(String password) {
        return new JdbcConfigRepository(settings(password), keyFile);
    }

    /** A repository with one datacenter, closed, and its file's bytes. */
    private byte[] repositoryWithData() throws Exception {
        try (JdbcConfigRepository repository = open("pw")) {
            repository.createDatacenter(new DatacenterSpec("Kept", null), "test");
        }
        return Files.readAllBytes(file());
    }

    @Test
    public void aNewRepositoryIsCreatedCompleteAndOffersTheDemoOnce() throws Exception {
        try (JdbcConfigRepository repository = open("pw")) {
            assertTrue(repository.createdNow());
            assertTrue(repository.demoSeedPending());
            assertTrue(Files.exists(file()));
            assertFalse("the temporary build file is gone", Files.exists(dir.resolve("repository-creating.mv.db")));
        }
        try (JdbcConfigRepository repository = open("pw")) {
            assertFalse(repository.createdNow());
            assertTrue("pending until done, also across a restart", repository.demoSeedPending());
            repository.demoSeedDone();
        }
        try (JdbcConfigRepository repository = open("pw")) {
            assertFalse(repository.demoSeedPending());
        }
    }

    @Test
    public void anEmptyRepositoryThatExistedIsNeverSeeded() throws Exception {
        try (JdbcConfigRepository repository = open("pw")) {
            repository.demoSeedDone();
        }
        try (JdbcConfigRepository repository = open("pw")) {
            assertEquals(0, repository.datacenters(new PageRequest(0, 1)).total());
            assertFalse(repository.demoSeedPending());
        }
    }

    @Test
    public void anEmptiedFileIsRefusedAndLeftUntouched() throws Exception {
        repositoryWithData();
        Files.write(file(), new byte[0]);
        assertRefusedAsDamaged(new byte[0]);
    }

    @Test
    public void aFileTruncatedToItsHeaderIsRefusedAndLeftUntouched() throws Exception {
        byte[] whole = repositoryWithData();
        byte[] header = Arrays.copyOf(whole, 8192);
        Files.write(file(), header);
        assertRefusedAsDamaged(header);
    }

    @Test
    public void aFileTruncatedInTheMiddleIsRefusedAndLeftUntouched() throws Exception {
        // Enough history that the middle of the file falls inside the live chunks: with a few writes only, H2 finds
        // an older complete version in the first half and opens that, as it would after a crash.
        try (JdbcConfigRepository repository = open("pw")) {
            for (int i = 0; i < 300; i++) {
                repository.createDatacenter(new DatacenterSpec("dc-" + i, "x".repeat(2000)), "test");
            }
        }
        // Compacted, the file holds one version, written in order: cut in half, there is no older complete version
        // for H2 to fall back to (as it rightly does after a crash), whatever the chunk layout the writes left.
        // Without this the test depended on where H2 had placed its newest chunk, and failed on busy machines.
        JdbcDataSource direct = new JdbcDataSource();
        direct.setURL("jdbc:h2:file:" + dir.resolve("repository"));
        direct.setUser("sa");
        direct.setPassword("pw");
        try (Connection c = direct.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        byte[] whole = Files.readAllBytes(file());
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Files.write(file(), half);
        assertRefusedAsDamaged(half);
    }

    @Test
    public void anotherApplicationsDatabaseIsRefused() throws Exception {
        JdbcDataSource other = new JdbcDataSource();
        other.setURL("jdbc:h2:file:" + dir.resolve("repository"));
        other.setUser("sa");
        other.setPassword("pw");
        try (Connection c = other.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create table invoices (id int primary key)");
        }
        assertRefusedAsDamaged(Files.readAllBytes(file()));
    }

    private void assertRefusedAsDamaged(byte[] expectedContent) throws Exception {
        RepositoryUnusableException refused = assertThrows(RepositoryUnusableException.class, () -> open("pw"));
        assertTrue(refused.getMessage(), refused.damaged());
        assertTrue(refused.getMessage(), refused.getMessage().contains(file().toString()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("Restore it from a backup"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("recovery tool"));
        assertArrayEquals("the file is left exactly as it was", expectedContent, Files.readAllBytes(file()));
    }

    @Test
    public void aRepositoryWithoutPasswordIsGivenTheConfiguredOne() throws Exception {
        try (JdbcConfigRepository repository = open("")) {
            repository.createDatacenter(new DatacenterSpec("From before", null), "test");
        }
        try (JdbcConfigRepository repository = open("new-secret")) {
            assertEquals(1, repository.datacenters(new PageRequest(0, 10)).total());
        }
        RepositoryUnusableException refused = assertThrows(RepositoryUnusableException.class, () -> open(""));
        assertFalse(refused.damaged());
        assertTrue(refused.getMessage(), refused.getMessage().contains("refused the configured user and password"));
        assertFalse(refused.getMessage(), refused.getMessage().contains("new-secret"));
    }

    @Test
    public void aWrongPasswordIsNotTakenForDamage() throws Exception {
        repositoryWithData();
        RepositoryUnusableException refused = assertThrows(RepositoryUnusableException.class, () -> open("wrong"));
        assertFalse(refused.damaged());
    }

    @Test
    public void aCreationCutShortIsStartedAgain() throws Exception {
        Files.write(dir.resolve("repository-creating.mv.db"), new byte[] {1, 2, 3});
        try (JdbcConfigRepository repository = open("pw")) {
            assertTrue(repository.createdNow());
            assertFalse(Files.exists(dir.resolve("repository-creating.mv.db")));
        }
    }

    /** What H2 does by itself when a write fails (a full disk): it closes the database under every connection. */
    private void closeTheDatabaseUnderneath() throws Exception {
        try (Connection c = direct().getConnection();
                Statement s = c.createStatement()) {
            s.execute("shutdown");
        }
    }

    private JdbcDataSource direct() {
        JdbcDataSource direct = new JdbcDataSource();
        direct.setURL("jdbc:h2:file:" + dir.resolve("repository") + ";IFEXISTS=TRUE");
        direct.setUser("sa");
        direct.setPassword("pw");
        return direct;
    }

    private Object writeCheckedAt() throws Exception {
        try (Connection c = direct().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select write_checked_at from repository_info where id = 1")) {
            assertTrue(rs.next());
            return rs.getObject(1);
        }
    }

    @Test
    public void aDatabaseThatWasClosedUnderneathIsOpenedAfreshAndHealthSaysSo() throws Exception {
        try (JdbcConfigRepository repository = open("pw")) {
            repository.createDatacenter(new DatacenterSpec("Before", null), "test");
            closeTheDatabaseUnderneath();
            StrataException failed = assertThrows(
                    StrataException.class,
                    () -> repository.createDatacenter(new DatacenterSpec("During", null), "test"));
            assertEquals(ErrorCode.UNAVAILABLE, failed.code());
            assertFalse(
                    failed.getMessage(),
                    failed.getMessage().toLowerCase(java.util.Locale.ROOT).contains("exception"));

            assertTrue(
                    "health writes to check, and that works again",
                    repository.health().up());
            repository.createDatacenter(new DatacenterSpec("After", null), "test");
            assertEquals(2, repository.datacenters(new PageRequest(0, 10)).total());
        }
    }

    @Test
    public void aFailureSeenByAnyStoreIsWhatTheRepositoryStateChecks() throws Exception {
        // One store found the database broken; another reports the health: they share the transaction helper
        // and what it saw, so the health check proves by a write that the repository can be written again.
        try (JdbcConfigRepository repository = open("pw")) {
            EventStore events = repository.eventStore();
            RepositoryState state = repository.repositoryState();
            assertTrue(state.health().up());
            assertNull("a repository that never failed is only read to check it", writeCheckedAt());

            closeTheDatabaseUnderneath();
            StrataException failed = assertThrows(
                    StrataException.class, () -> events.appendEvent(Event.Severity.INFO, "test", null, null, "during"));
            assertEquals(ErrorCode.UNAVAILABLE, failed.code());

            assertTrue(state.health().up());
            assertNotNull("the event store's failure made the health check write", writeCheckedAt());
            assertEquals(
                    1,
                    events.appendEvents(List.of(new NewEvent(Event.Severity.INFO, "test", null, null, "after")))
                            .size());
        }
    }
}

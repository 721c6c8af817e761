package org.strata.core.inventory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostKind;
import org.strata.core.H2Repository;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The initial inventory: read from a file, written once to a repository created new, never twice, never to one that
 * is merely empty; and the file the distribution ships is a valid one with the demo datacenter.
 */
public class InitialInventorySeederTest {

    private static final String FILE = """
            datacenter.name = Lab
            datacenter.description = from a file
            pool.name = Rack 1
            hosts = kvm1, array1
            host.kvm1.driver = kvm
            host.kvm1.address = qemu+ssh://10.0.0.5/system
            host.kvm1.kind = HYPERVISOR
            host.kvm1.username = root
            host.array1.driver = vendor-array
            host.array1.address = https://array.example/api
            host.array1.kind = storage
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private Path file;

    @Before
    public void open() throws Exception {
        repository = H2Repository.open(folder.getRoot().toPath().resolve("key"));
        file = folder.getRoot().toPath().resolve("initial.properties");
        Files.writeString(file, FILE);
    }

    @After
    public void close() {
        repository.close();
    }

    /** The seeder as Declarative Services makes it, each store it asks for being the repository's. */
    private static void seed(JdbcConfigRepository repository, boolean enabled, Path file) {
        new InitialInventorySeeder(repository, repository, repository, enabled, file);
    }

    @Test
    public void aNewRepositoryGetsTheInventoryOfTheFileOnce() {
        assertTrue(repository.demoSeedPending());
        seed(repository, true, file);
        assertFalse(repository.demoSeedPending());
        assertEquals(
                "Lab",
                repository.datacenters(PageRequest.first()).items().get(0).name());
        List<StoredHost> hosts = repository.hosts(null, PageRequest.first()).items();
        assertEquals(
                List.of("array1", "kvm1"), hosts.stream().map(StoredHost::name).toList());
        StoredHost kvm = hosts.get(1);
        assertEquals("kvm", kvm.driverId());
        assertEquals(HostKind.HYPERVISOR, kvm.kind());
        assertEquals("root", kvm.username());
        assertFalse(kvm.hasPassword());
        assertEquals(repository.pools(null, PageRequest.first()).items().get(0).id(), kvm.poolId());
        assertEquals(HostKind.STORAGE, hosts.get(0).kind());
        assertEquals(
                InitialInventorySeeder.PRINCIPAL,
                repository
                        .history("host", kvm.id(), PageRequest.first())
                        .items()
                        .get(0)
                        .principal());

        seed(repository, true, file);
        assertEquals(
                "never twice", 1, repository.datacenters(PageRequest.first()).total());
        assertEquals(2, repository.hosts(null, PageRequest.first()).total());
    }

    @Test
    public void aStartThatCrashedBeforeRecordingItDoesNotSeedAgain() {
        // What the crashed start left: its datacenter written, the offer still open.
        repository.createDatacenter(new DatacenterSpec("Lab", null), InitialInventorySeeder.PRINCIPAL);
        seed(repository, true, file);
        assertEquals(1, repository.datacenters(PageRequest.first()).total());
        assertEquals(0, repository.hosts(null, PageRequest.first()).total());
        assertFalse(repository.demoSeedPending());
    }

    @Test
    public void declinedOrMissingSeedsNothingAndIsNotOfferedAgain() throws Exception {
        seed(repository, false, file);
        assertEquals(0, repository.datacenters(PageRequest.first()).total());
        assertFalse(repository.demoSeedPending());

        JdbcConfigRepository other = H2Repository.open(folder.getRoot().toPath().resolve("key2"));
        try {
            seed(other, true, folder.getRoot().toPath().resolve("no-such.properties"));
            assertEquals(0, other.datacenters(PageRequest.first()).total());
            assertFalse(other.demoSeedPending());
        } finally {
            other.close();
        }
    }

    @Test
    public void aWrongFileSeedsNothingAndLeavesTheOfferOpen() throws Exception {
        Files.writeString(file, FILE.replace("host.array1.kind = storage", "host.array1.kind = toaster"));
        seed(repository, true, file);
        assertEquals(0, repository.datacenters(PageRequest.first()).total());
        assertTrue("the next start, with the file corrected, seeds", repository.demoSeedPending());
        Files.writeString(file, FILE);
        seed(repository, true, file);
        assertEquals(2, repository.hosts(null, PageRequest.first()).total());
    }

    @Test
    public void everyValueIsCheckedBeforeAnythingIsWritten() {
        assertInvalid(
                "host.array1.kind must be HYPERVISOR, STORAGE or MACHINE, was 'toaster'",
                FILE.replace("kind = storage", "kind = toaster"));
        assertInvalid("host.array1.kind is required", FILE.replace("host.array1.kind = storage", ""));
        assertInvalid("datacenter.name is required", FILE.replace("datacenter.name = Lab", ""));
        assertInvalid("unknown key 'host.db1.driver' (is the host listed in hosts?)", FILE + "host.db1.driver = kvm\n");
        assertInvalid("unknown key 'colour'", FILE + "colour = blue\n");
        assertInvalid(
                "host 'kvm1' is listed twice in hosts",
                FILE.replace("hosts = kvm1, array1", "hosts = kvm1, array1, kvm1"));
        assertInvalid(
                "host.kvm1.address is required",
                FILE.replace("host.kvm1.address = qemu+ssh://10.0.0.5/system", "host.kvm1.address ="));
        assertInvalid(
                "host 'kvm1': username must be at most 200 characters",
                FILE.replace("username = root", "username = " + "u".repeat(201)));
        assertNull(
                "no pool: hosts go in the datacenter",
                parse(FILE.replace("pool.name = Rack 1", "")).pool());
    }

    @Test
    public void theDistributionsFileIsTheDemoDatacenter() throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir")).resolve("../../etc/strata-initial-inventory.properties");
        InitialInventory demo = InitialInventory.read(shipped);
        assertEquals(
                List.of("demo-host", "demo-host-2", "demo-storage"),
                demo.hosts().stream().map(h -> h.name()).toList());
        assertEquals(
                List.of(HostKind.HYPERVISOR, HostKind.HYPERVISOR, HostKind.STORAGE),
                demo.hosts().stream().map(h -> h.kind()).toList());
        assertEquals(
                "two hypervisor hosts of one driver, so that VMs can move between them",
                demo.hosts().get(0).driverId(),
                demo.hosts().get(1).driverId());
    }

    private static InitialInventory parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return InitialInventory.parse(p);
    }

    private static void assertInvalid(String message, String text) {
        StrataException e = assertThrows(StrataException.class, () -> parse(text));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(message, e.getMessage());
    }
}

package org.strata.repository.jdbc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.MachineIdentity;
import org.strata.repository.NewEvent;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.StoredMachine;

/** What every database behind {@link JdbcConfigRepository} must do; subclasses provide the database. */
public abstract class ConfigRepositoryContractTest {

    private static final PageRequest ALL = new PageRequest(0, 500);
    private static final String SECRET = "s3cr3t-Pässword";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private DatabaseSettings settings;
    private Path keyFile;
    private JdbcConfigRepository repo;

    /** A database with nothing in it, not even the schema. */
    protected abstract DatabaseSettings freshDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    @Before
    public void open() throws Exception {
        settings = freshDatabase();
        keyFile = temp.getRoot().toPath().resolve("etc/keys/strata-secret.key");
        repo = new JdbcConfigRepository(settings, keyFile);
    }

    @After
    public void close() throws Exception {
        if (repo != null) {
            repo.close();
        }
        dropDatabase();
    }

    // ---- datacenters

    @Test
    public void datacenterLifecycleIsRecordedInHistory() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", "first"), "alice");
        assertEquals(dc, repo.datacenter(dc.id()).orElseThrow());
        assertNotNull(dc.created());

        Datacenter renamed = repo.updateDatacenter(dc.id(), new DatacenterSpec("paris-1", "renamed"), "bob");
        assertEquals(new Datacenter(dc.id(), "paris-1", "renamed", dc.created()), renamed);
        assertEquals(renamed, repo.datacenter(dc.id()).orElseThrow());

        repo.deleteDatacenter(dc.id(), "carol");
        assertTrue(repo.datacenter(dc.id()).isEmpty());

        List<HistoryEntry> entries = repo.history("datacenter", dc.id(), ALL).items();
        assertEquals(3, entries.size());
        HistoryEntry deleted = entries.get(0);
        HistoryEntry updated = entries.get(1);
        HistoryEntry created = entries.get(2);
        assertEquals(HistoryEntry.Action.DELETE, deleted.action());
        assertEquals("carol", deleted.principal());
        assertTrue(deleted.before().contains("\"name\":\"paris-1\""));
        assertNull(deleted.after());
        assertEquals(HistoryEntry.Action.UPDATE, updated.action());
        assertTrue(updated.before().contains("\"name\":\"paris\""));
        assertTrue(updated.after().contains("\"name\":\"paris-1\""));
        assertEquals(HistoryEntry.Action.CREATE, created.action());
        assertEquals("alice", created.principal());
        assertEquals("datacenter", created.entityType());
        assertNull(created.before());
        assertTrue(created.after().contains("\"created\":\"" + dc.created() + "\""));
        assertTrue(created.id() < updated.id() && updated.id() < deleted.id());
    }

    @Test
    public void pagesCarryTotalsAndAreOrderedByName() {
        for (String name : List.of("e", "b", "d", "a", "c")) {
            repo.createDatacenter(new DatacenterSpec(name, null), "alice");
        }
        Page<Datacenter> page = repo.datacenters(new PageRequest(1, 2));
        assertEquals(
                List.of("b", "c"), page.items().stream().map(Datacenter::name).toList());
        assertEquals(5, page.total());
        assertEquals(1, page.offset());
        assertEquals(2, page.limit());
        assertEquals(
                List.of("e"),
                repo.datacenters(new PageRequest(4, 2)).items().stream()
                        .map(Datacenter::name)
                        .toList());
        assertEquals(0, repo.datacenters(new PageRequest(10, 2)).items().size());

        Page<HistoryEntry> history = repo.history("datacenter", null, new PageRequest(0, 2));
        assertEquals(5, history.total());
        assertEquals(2, history.items().size());
        assertEquals(0, repo.history("pool", null, ALL).total());
    }

    @Test
    public void duplicateDatacenterNameIsAConflictAndWritesNothing() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StrataException e =
                expect(ErrorCode.CONFLICT, () -> repo.createDatacenter(new DatacenterSpec("paris", null), "bob"));
        assertEquals("a datacenter named 'paris' already exists", e.getMessage());
        Datacenter other = repo.createDatacenter(new DatacenterSpec("lyon", null), "alice");
        expect(ErrorCode.CONFLICT, () -> repo.updateDatacenter(other.id(), new DatacenterSpec("paris", null), "bob"));

        assertEquals(2, repo.datacenters(ALL).total());
        assertEquals(2, repo.history(null, null, ALL).total());
        assertEquals("lyon", repo.datacenter(other.id()).orElseThrow().name());
        assertEquals("paris", repo.datacenter(dc.id()).orElseThrow().name());
    }

    @Test
    public void missingTargetsAreNotFound() {
        String nobody = UUID.randomUUID().toString();
        expect(ErrorCode.NOT_FOUND, () -> repo.updateDatacenter(nobody, new DatacenterSpec("x", null), "a"));
        expect(ErrorCode.NOT_FOUND, () -> repo.deleteDatacenter(nobody, "a"));
        expect(
                ErrorCode.NOT_FOUND,
                () -> repo.updatePool(nobody, new PoolSpec(null, null, "x", null, null, null), "a"));
        expect(ErrorCode.NOT_FOUND, () -> repo.deletePool(nobody, "a"));
        expect(ErrorCode.NOT_FOUND, () -> repo.updateHost(nobody, hostSpec("x", null, null, null), "a"));
        expect(ErrorCode.NOT_FOUND, () -> repo.deleteHost(nobody, "a"));
        expect(ErrorCode.NOT_FOUND, () -> repo.hostPassword(nobody));
        assertTrue(repo.datacenter(nobody).isEmpty());
        assertTrue(repo.pool(nobody).isEmpty());
        assertTrue(repo.host(nobody).isEmpty());
        assertTrue(repo.task(nobody).isEmpty());
        assertEquals(0, repo.history(null, null, ALL).total());
    }

    // ---- pools

    @Test
    public void poolLifecycleAndSiblingNames() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        ResourcePool prod = repo.createPool(new PoolSpec(dc.id(), null, "prod", "production", 16, 65536L), "alice");
        assertEquals(prod, repo.pool(prod.id()).orElseThrow());
        assertEquals(Integer.valueOf(16), prod.cpuLimit());
        assertEquals(Long.valueOf(65536L), prod.memoryLimitMb());

        ResourcePool web = repo.createPool(new PoolSpec(dc.id(), prod.id(), "web", null, null, null), "alice");
        assertEquals(prod.id(), web.parentId());
        assertNull(repo.pool(web.id()).orElseThrow().cpuLimit());

        // Top-level siblings collide too, although their parent is NULL.
        StrataException top = expect(
                ErrorCode.CONFLICT,
                () -> repo.createPool(new PoolSpec(dc.id(), null, "prod", null, null, null), "bob"));
        assertTrue(top.getMessage(), top.getMessage().contains("'prod' already exists"));
        expect(
                ErrorCode.CONFLICT,
                () -> repo.createPool(new PoolSpec(dc.id(), prod.id(), "web", null, null, null), "bob"));
        // The same name elsewhere in the tree, or in another datacenter, is fine.
        repo.createPool(new PoolSpec(dc.id(), web.id(), "web", null, null, null), "alice");
        Datacenter lyon = repo.createDatacenter(new DatacenterSpec("lyon", null), "alice");
        repo.createPool(new PoolSpec(lyon.id(), null, "prod", null, null, null), "alice");

        ResourcePool changed = repo.updatePool(web.id(), new PoolSpec(null, null, "web-top", "moved", 4, 1024L), "bob");
        assertEquals(new ResourcePool(web.id(), dc.id(), null, "web-top", "moved", 4, 1024L, web.created()), changed);
        expect(
                ErrorCode.CONFLICT,
                () -> repo.updatePool(web.id(), new PoolSpec(dc.id(), null, "prod", null, null, null), "bob"));

        assertEquals(3, repo.pools(dc.id(), ALL).total());
        assertEquals(4, repo.pools(null, ALL).total());
        assertEquals(
                List.of("prod", "web", "web-top"),
                repo.pools(dc.id(), ALL).items().stream()
                        .map(ResourcePool::name)
                        .toList());
        Page<ResourcePool> second = repo.pools(dc.id(), new PageRequest(1, 1));
        assertEquals(3, second.total());
        assertEquals("web", second.items().get(0).name());

        List<HistoryEntry> webHistory = repo.history("pool", web.id(), ALL).items();
        assertEquals(2, webHistory.size());
        assertTrue(webHistory.get(0).before().contains("\"parentId\":\"" + prod.id() + "\""));
        assertTrue(webHistory.get(0).after().contains("\"parentId\":null"));
    }

    @Test
    public void badReferencesAreInvalidAndWriteNothing() {
        Datacenter paris = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        Datacenter lyon = repo.createDatacenter(new DatacenterSpec("lyon", null), "alice");
        ResourcePool lyonPool = repo.createPool(new PoolSpec(lyon.id(), null, "prod", null, null, null), "alice");
        long historyBefore = repo.history(null, null, ALL).total();

        StrataException noDc = expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createPool(new PoolSpec("no-such-dc", null, "p", null, null, null), "bob"));
        assertEquals("datacenter 'no-such-dc' does not exist", noDc.getMessage());
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createPool(new PoolSpec(paris.id(), "no-such-pool", "p", null, null, null), "bob"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createPool(new PoolSpec(paris.id(), lyonPool.id(), "p", null, null, null), "bob"));
        expect(ErrorCode.INVALID_INPUT, () -> repo.createHost(hostSpec("h1", "no-such-dc", null, null), "bob"));
        expect(ErrorCode.INVALID_INPUT, () -> repo.createHost(hostSpec("h1", paris.id(), "no-such-pool", null), "bob"));
        StrataException otherDc = expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createHost(hostSpec("h1", paris.id(), lyonPool.id(), SECRET), "bob"));
        assertTrue(otherDc.getMessage(), otherDc.getMessage().contains("not in the host's datacenter"));

        StoredHost host = repo.createHost(hostSpec("h1", paris.id(), null, null), "alice");
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updateHost(host.id(), hostSpec("h1", paris.id(), lyonPool.id(), null), "bob"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updateHost(host.id(), hostSpec("h1", "no-such-dc", null, null), "bob"));
        // Moving the host along with its pool's datacenter is fine.
        StoredHost moved = repo.updateHost(host.id(), hostSpec("h1", lyon.id(), lyonPool.id(), null), "bob");
        assertEquals(lyonPool.id(), moved.poolId());

        assertEquals(1, repo.pools(null, ALL).total());
        assertEquals(1, repo.hosts(null, ALL).total());
        assertEquals(historyBefore + 2, repo.history(null, null, ALL).total());
    }

    @Test
    public void deletingSomethingStillInUseIsAConflict() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        ResourcePool parent = repo.createPool(new PoolSpec(dc.id(), null, "parent", null, null, null), "alice");
        ResourcePool child = repo.createPool(new PoolSpec(dc.id(), parent.id(), "child", null, null, null), "alice");
        StoredHost host = repo.createHost(hostSpec("h1", dc.id(), child.id(), null), "alice");

        StrataException e = expect(ErrorCode.CONFLICT, () -> repo.deleteDatacenter(dc.id(), "bob"));
        assertEquals("datacenter 'paris' still holds pools or hosts", e.getMessage());
        expect(ErrorCode.CONFLICT, () -> repo.deletePool(parent.id(), "bob"));
        expect(ErrorCode.CONFLICT, () -> repo.deletePool(child.id(), "bob"));

        repo.deleteHost(host.id(), "bob");
        repo.deletePool(child.id(), "bob");
        repo.deletePool(parent.id(), "bob");
        StoredHost direct = repo.createHost(hostSpec("h2", dc.id(), null, null), "alice");
        expect(ErrorCode.CONFLICT, () -> repo.deleteDatacenter(dc.id(), "bob"));
        repo.deleteHost(direct.id(), "bob");
        repo.deleteDatacenter(dc.id(), "bob");
        assertEquals(0, repo.datacenters(ALL).total());
        assertEquals(
                1,
                repo.history("host", host.id(), new PageRequest(0, 1)).items().size());
        assertEquals(
                HistoryEntry.Action.DELETE,
                repo.history("host", host.id(), ALL).items().get(0).action());
    }

    @Test
    public void aHostNamesItsBmcWhichCannotBeDeletedWhileInUse() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost bmc = repo.createHost(
                new HostSpec("bmc-1", dc.id(), null, "ipmi", "127.0.0.1:9001", "admin", SECRET), "alice");
        StoredHost other =
                repo.createHost(new HostSpec("bmc-2", dc.id(), null, "ipmi", "127.0.0.1:9002", null, null), "alice");
        StoredHost kvm = repo.createHost(
                new HostSpec("kvm-1", dc.id(), null, "libvirt", "qemu:///system", "root", null, bmc.id()), "alice");
        assertEquals(bmc.id(), kvm.bmcHostId());
        assertEquals(bmc.id(), repo.host(kvm.id()).orElseThrow().bmcHostId());
        assertNull(repo.host(bmc.id()).orElseThrow().bmcHostId());
        assertTrue(repo.history("host", kvm.id(), ALL)
                .items()
                .get(0)
                .after()
                .contains("\"bmcHostId\":\"" + bmc.id() + "\""));

        StrataException inUse = expect(ErrorCode.CONFLICT, () -> repo.deleteHost(bmc.id(), "bob"));
        assertEquals("host 'bmc-1' is the BMC of host(s) 'kvm-1'; change their BMC first", inUse.getMessage());
        assertTrue(repo.host(bmc.id()).isPresent());

        StoredHost moved = repo.updateHost(
                kvm.id(),
                new HostSpec("kvm-1", null, null, "libvirt", "qemu:///system", "root", null, other.id()),
                "bob");
        assertEquals(other.id(), moved.bmcHostId());
        assertEquals(other.id(), repo.host(kvm.id()).orElseThrow().bmcHostId());
        HistoryEntry update = repo.history("host", kvm.id(), ALL).items().get(0);
        assertEquals(HistoryEntry.Action.UPDATE, update.action());
        assertTrue(update.before().contains("\"bmcHostId\":\"" + bmc.id() + "\""));
        assertTrue(update.after().contains("\"bmcHostId\":\"" + other.id() + "\""));
        repo.deleteHost(bmc.id(), "bob");

        StoredHost cleared = repo.updateHost(
                kvm.id(), new HostSpec("kvm-1", null, null, "libvirt", "qemu:///system", "root", null, null), "bob");
        assertNull(cleared.bmcHostId());
        assertNull(repo.host(kvm.id()).orElseThrow().bmcHostId());
        repo.deleteHost(other.id(), "bob");
        assertEquals(
                List.of("kvm-1"),
                repo.hosts(null, ALL).items().stream().map(StoredHost::name).toList());
    }

    @Test
    public void aMissingOrSelfBmcIsInvalidAndWritesNothing() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost kvm = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        long historyBefore = repo.history(null, null, ALL).total();

        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createHost(
                        new HostSpec("kvm-2", dc.id(), null, "libvirt", "qemu:///system", null, null, "no-such-host"),
                        "bob"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updateHost(
                        kvm.id(),
                        new HostSpec("kvm-1", null, null, "libvirt", "qemu:///system", null, null, "no-such-host"),
                        "bob"));
        StrataException self = expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updateHost(
                        kvm.id(),
                        new HostSpec("kvm-1", null, null, "libvirt", "qemu:///system", null, null, kvm.id()),
                        "bob"));
        assertEquals("a host cannot be its own BMC", self.getMessage());

        assertEquals(1, repo.hosts(null, ALL).total());
        assertNull(repo.host(kvm.id()).orElseThrow().bmcHostId());
        assertEquals(historyBefore, repo.history(null, null, ALL).total());
    }

    @Test
    public void poolCyclesAndDatacenterMovesAreRefused() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        Datacenter lyon = repo.createDatacenter(new DatacenterSpec("lyon", null), "alice");
        ResourcePool a = repo.createPool(new PoolSpec(dc.id(), null, "a", null, null, null), "alice");
        ResourcePool b = repo.createPool(new PoolSpec(dc.id(), a.id(), "b", null, null, null), "alice");
        ResourcePool c = repo.createPool(new PoolSpec(dc.id(), b.id(), "c", null, null, null), "alice");
        long historyBefore = repo.history(null, null, ALL).total();

        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updatePool(a.id(), new PoolSpec(dc.id(), c.id(), "a", null, null, null), "bob"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updatePool(a.id(), new PoolSpec(dc.id(), a.id(), "a", null, null, null), "bob"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updatePool(b.id(), new PoolSpec(dc.id(), c.id(), "b", null, null, null), "bob"));
        StrataException move = expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updatePool(a.id(), new PoolSpec(lyon.id(), null, "a", null, null, null), "bob"));
        assertTrue(move.getMessage(), move.getMessage().contains("another datacenter"));

        assertNull(repo.pool(a.id()).orElseThrow().parentId());
        assertEquals(a.id(), repo.pool(b.id()).orElseThrow().parentId());
        assertEquals(historyBefore, repo.history(null, null, ALL).total());

        // A legal move: c up to the top.
        assertNull(repo.updatePool(c.id(), new PoolSpec(dc.id(), null, "c", null, null, null), "bob")
                .parentId());
    }

    // ---- hosts and their passwords

    @Test
    public void hostPasswordIsEncryptedAndNeverShown() throws Exception {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, SECRET), "alice");
        assertTrue(host.hasPassword());
        assertEquals(host, repo.host(host.id()).orElseThrow());
        assertFalse(host.toString().contains(SECRET));
        assertArrayEquals(SECRET.toCharArray(), repo.hostPassword(host.id()));

        String stored = rawPassword(host.id());
        assertTrue(stored, stored.startsWith("v1:"));
        assertFalse(stored.contains(SECRET));

        HistoryEntry created = repo.history("host", host.id(), ALL).items().get(0);
        assertTrue(created.after(), created.after().contains("\"hasPassword\":true"));
        assertFalse(created.after().contains(SECRET));
        assertFalse(created.after().contains(stored.substring(3)));
        assertFalse(created.after().toLowerCase(java.util.Locale.ROOT).contains("\"password"));

        // A null password keeps the stored one.
        StoredHost renamed = repo.updateHost(host.id(), hostSpec("kvm-1b", dc.id(), null, null), "bob");
        assertTrue(renamed.hasPassword());
        assertEquals(stored, rawPassword(host.id()));
        assertArrayEquals(SECRET.toCharArray(), repo.hostPassword(host.id()));

        // A new one replaces it, with a fresh IV.
        repo.updateHost(host.id(), hostSpec("kvm-1b", dc.id(), null, "other"), "bob");
        assertArrayEquals("other".toCharArray(), repo.hostPassword(host.id()));
        assertNotEquals(stored, rawPassword(host.id()));

        // An empty one clears it.
        StoredHost cleared = repo.updateHost(host.id(), hostSpec("kvm-1b", dc.id(), null, ""), "bob");
        assertFalse(cleared.hasPassword());
        assertFalse(repo.host(host.id()).orElseThrow().hasPassword());
        assertEquals(0, repo.hostPassword(host.id()).length);
        assertNull(rawPassword(host.id()));

        for (HistoryEntry entry : repo.history("host", host.id(), ALL).items()) {
            for (String json : new String[] {entry.before(), entry.after()}) {
                if (json != null) {
                    assertFalse(json.contains(SECRET));
                    assertFalse(json.contains("other"));
                    assertFalse(json.contains("v1:"));
                }
            }
        }
        assertEquals(4, repo.history("host", host.id(), ALL).total());
    }

    @Test
    public void hostsArePagedFilteredAndFoundByDriver() {
        Datacenter paris = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        Datacenter lyon = repo.createDatacenter(new DatacenterSpec("lyon", null), "alice");
        repo.createHost(new HostSpec("c", paris.id(), null, "libvirt", "10.0.0.3", "root", null), "alice");
        repo.createHost(new HostSpec("a", paris.id(), null, "libvirt", "10.0.0.1", "root", null), "alice");
        repo.createHost(new HostSpec("b", lyon.id(), null, "demo", "10.0.0.2", "root", null), "alice");

        Page<StoredHost> parisHosts = repo.hosts(paris.id(), new PageRequest(0, 1));
        assertEquals(2, parisHosts.total());
        assertEquals("a", parisHosts.items().get(0).name());
        assertEquals(3, repo.hosts(null, ALL).total());
        assertEquals(
                List.of("a", "c"),
                repo.hostsOfDriver("libvirt").stream().map(StoredHost::name).toList());
        assertEquals(List.of(), repo.hostsOfDriver("nothing"));
        expect(ErrorCode.CONFLICT, () -> repo.createHost(hostSpec("a", lyon.id(), null, null), "bob"));
        assertEquals(3, repo.history("host", null, ALL).total());
    }

    @Test
    public void reopeningWithTheSameKeyFileDecrypts() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, SECRET), "alice");
        repo.close();
        repo = new JdbcConfigRepository(settings, keyFile);
        assertEquals(host, repo.host(host.id()).orElseThrow());
        assertArrayEquals(SECRET.toCharArray(), repo.hostPassword(host.id()));
    }

    @Test
    public void anotherKeyFileGivesAClearInternalError() throws Exception {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, SECRET), "alice");
        repo.close();
        repo = new JdbcConfigRepository(
                settings, temp.newFolder("other").toPath().resolve("key"));
        StrataException e = expect(ErrorCode.INTERNAL, () -> repo.hostPassword(host.id()));
        assertTrue(e.getMessage(), e.getMessage().contains("key file does not match"));
    }

    // ---- transactions

    @Test
    public void aFailureHalfwayThroughLeavesNothingBehind() throws Exception {
        // The row is written, then the history insert fails (principal too long): both must be rolled back.
        String tooLong = "x".repeat(300);
        expect(ErrorCode.INVALID_INPUT, () -> repo.createDatacenter(new DatacenterSpec("paris", null), tooLong));
        assertEquals(0, repo.datacenters(ALL).total());
        assertEquals(0, repo.history(null, null, ALL).total());

        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, SECRET), "alice");
        String stored = rawPassword(host.id());
        // Three statements (host row, password, history) and the last fails.
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.updateHost(host.id(), hostSpec("kvm-2", dc.id(), null, "new"), tooLong));
        assertEquals(host, repo.host(host.id()).orElseThrow());
        assertEquals(stored, rawPassword(host.id()));
        assertEquals(2, repo.history(null, null, ALL).total());

        expect(ErrorCode.INVALID_INPUT, () -> repo.deleteHost(host.id(), tooLong));
        assertTrue(repo.host(host.id()).isPresent());
    }

    // ---- events and tasks

    @Test
    public void eventsAreNewestFirstAndFilteredBySubject() {
        Event first = repo.appendEvent(Event.Severity.INFO, "driver.started", "driver", "libvirt", "started");
        Event second = repo.appendEvent(Event.Severity.WARNING, "host.unreachable", "host", "h1", "no answer");
        Event third = repo.appendEvent(Event.Severity.ERROR, "host.auth", "host", "h1", "refused");
        assertTrue(first.id() < second.id() && second.id() < third.id());
        assertNotNull(first.time());

        Page<Event> all = repo.events(null, new PageRequest(0, 2));
        assertEquals(3, all.total());
        assertEquals(List.of(third, second), all.items());
        assertEquals(List.of(first), repo.events(null, new PageRequest(2, 2)).items());
        Page<Event> h1 = repo.events("h1", ALL);
        assertEquals(2, h1.total());
        assertEquals(List.of(third, second), h1.items());
        assertEquals(0, repo.events("nobody", ALL).total());
        assertEquals(0, repo.history(null, null, ALL).total());
    }

    @Test
    public void tasksAreUpsertedListedAndFailedOnRestart() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Task queued = task("t1", TaskState.QUEUED, t0, null);
        Task running = task("t2", TaskState.RUNNING, t0.plusSeconds(1), t0.plusSeconds(2));
        Task done = new Task(
                "t3",
                "host.refresh",
                "host",
                "h1",
                TaskState.SUCCEEDED,
                100,
                "done",
                "ok",
                null,
                null,
                "alice",
                t0.plusSeconds(3),
                t0.plusSeconds(3),
                t0.plusSeconds(4));
        repo.saveTask(queued);
        repo.saveTask(running);
        repo.saveTask(done);
        assertEquals(queued, repo.task("t1").orElseThrow());
        assertEquals(done, repo.task("t3").orElseThrow());

        Task progressed = new Task(
                "t2",
                "vm.power",
                "host",
                "h1",
                TaskState.RUNNING,
                50,
                "half way",
                null,
                null,
                null,
                "alice",
                running.created(),
                running.started(),
                null);
        repo.saveTask(progressed);
        assertEquals(progressed, repo.task("t2").orElseThrow());

        assertEquals(
                List.of("t3", "t2", "t1"),
                repo.tasks(null, ALL).items().stream().map(Task::id).toList());
        assertEquals(
                List.of("t2"),
                repo.tasks(TaskState.RUNNING, ALL).items().stream()
                        .map(Task::id)
                        .toList());
        Page<Task> page = repo.tasks(null, new PageRequest(1, 1));
        assertEquals(3, page.total());
        assertEquals("t2", page.items().get(0).id());

        assertEquals(2, repo.failUnfinishedTasks("Strata restarted while the task ran"));
        for (String id : List.of("t1", "t2")) {
            Task failed = repo.task(id).orElseThrow();
            assertEquals(TaskState.FAILED, failed.state());
            assertEquals(ErrorCode.INTERNAL, failed.errorCode());
            assertEquals("Strata restarted while the task ran", failed.errorMessage());
            assertNotNull(failed.finished());
        }
        assertEquals(done, repo.task("t3").orElseThrow());
        assertEquals(0, repo.failUnfinishedTasks("again"));
        assertEquals(0, repo.history(null, null, ALL).total());
    }

    // ---- virtual machines

    private static VmSpec fullSpec(String name) {
        return new VmSpec(
                name,
                2,
                2048,
                "hvm",
                List.of(
                        new VmDisk("disk", "/var/lib/strata/a.qcow2", "qcow2", "virtio", "vda", false),
                        new VmDisk("cdrom", null, "raw", "sata", "sda", true)),
                List.of(new VmNic("network", "default", "52:54:00:00:00:01", "virtio")),
                List.of("0000:03:00.0"),
                List.of("cdrom", "disk"),
                new VmGraphics("vnc", "127.0.0.1", 0),
                true,
                new VmResources(1024, 50, null, 4096L, null));
    }

    @Test
    public void vmLifecycleKeepsTheSpecAndRecordsConfigurationChangesOnly() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost h1 = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        StoredHost h2 = repo.createHost(hostSpec("kvm-2", dc.id(), null, null), "alice");
        String id = UUID.randomUUID().toString();
        VmSpec spec = fullSpec("web");

        VirtualMachine created = repo.createVm(id, h1.id(), id, spec, VmState.STOPPED, true, "alice");
        assertEquals(spec, created.spec());
        assertEquals(2, created.cpus());
        assertEquals(2048, created.memoryMb());
        assertEquals("web", created.name());
        assertTrue(created.managed());
        assertEquals(created, repo.vm(id).orElseThrow());
        assertEquals(created, repo.vmByHypervisorId(h1.id(), id).orElseThrow());
        assertTrue(repo.vmByHypervisorId(h2.id(), id).isEmpty());

        VirtualMachine running = repo.updateVmState(id, VmState.RUNNING);
        assertEquals(VmState.RUNNING, running.state());
        assertFalse(running.stateChanged().isBefore(created.stateChanged()));
        assertEquals(running, repo.updateVmState(id, VmState.RUNNING));
        assertEquals(spec, running.spec());
        // the same write, saying whether it changed anything
        assertEquals(Optional.empty(), repo.changeVmState(id, VmState.RUNNING));
        assertEquals(Optional.of(VmState.RUNNING), repo.changeVmState(id, VmState.PAUSED));
        assertEquals(VmState.PAUSED, repo.vm(id).orElseThrow().state());
        assertEquals(Optional.of(VmState.PAUSED), repo.changeVmState(id, VmState.RUNNING));
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> repo.changeVmState("no-such-vm", VmState.RUNNING))
                        .code());
        // with its event, in the same transaction: recorded when the state changed, and only then
        NewEvent paused = new NewEvent(Event.Severity.INFO, "VM_STATE_CHANGED", "vm", id, "VM web is now PAUSED");
        Event recorded = repo.changeVmState(id, VmState.PAUSED, paused).orElseThrow();
        assertEquals("VM web is now PAUSED", recorded.message());
        assertEquals(VmState.PAUSED, repo.vm(id).orElseThrow().state());
        assertEquals(Optional.empty(), repo.changeVmState(id, VmState.PAUSED, paused));
        assertEquals(List.of(recorded), repo.events(id, PageRequest.first()).items());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> repo.changeVmState("no-such-vm", VmState.RUNNING, paused))
                        .code());
        assertEquals(1, repo.events(id, PageRequest.first()).total());
        repo.changeVmState(id, VmState.RUNNING);

        VmSpec bigger = new VmSpec(
                "web-renamed", 4, 4096, "hvm", spec.disks(), List.of(), List.of(), List.of(), null, false, null);
        VirtualMachine updated = repo.updateVmSpec(id, bigger, "bob");
        assertEquals("web-renamed", updated.name());
        assertEquals(4, updated.cpus());
        assertEquals(VmState.RUNNING, updated.state());
        assertEquals(updated, repo.vm(id).orElseThrow());

        VirtualMachine moved = repo.moveVm(id, h2.id(), "carol");
        assertEquals(h2.id(), moved.hostId());
        assertEquals(moved, repo.vmByHypervisorId(h2.id(), id).orElseThrow());
        assertTrue(repo.vmByHypervisorId(h1.id(), id).isEmpty());

        repo.deleteVm(id, "dave");
        assertTrue(repo.vm(id).isEmpty());

        // Create, update, move, delete: four entries; the state changes wrote none.
        List<HistoryEntry> entries = repo.history("vm", id, ALL).items();
        assertEquals(
                List.of(
                        HistoryEntry.Action.DELETE,
                        HistoryEntry.Action.UPDATE,
                        HistoryEntry.Action.UPDATE,
                        HistoryEntry.Action.CREATE),
                entries.stream().map(HistoryEntry::action).toList());
        assertTrue(entries.get(1).after().contains("\"hostId\":\"" + h2.id() + "\""));
        assertTrue(entries.get(2).after().contains("\"name\":\"web-renamed\""));
        assertTrue(entries.get(3).after().contains("0000:03:00.0"));
    }

    @Test
    public void vmsOfAHostAreRecordedTogetherOrNotAtAll() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        List<VirtualMachine> created = repo.createVms(
                host.id(),
                List.of(
                        new NewVm(a, "hv-a", VmSpec.of("a", 1, 512), VmState.RUNNING, false),
                        new NewVm(b, "hv-b", VmSpec.of("b", 2, 1024), VmState.STOPPED, false)),
                "sync");
        assertEquals(List.of(a, b), created.stream().map(VirtualMachine::id).toList());
        assertEquals(created.get(1), repo.vm(b).orElseThrow());
        assertEquals(Set.of(a, b), repo.vmIds());
        assertEquals(1, repo.history("vm", a, ALL).total());
        assertEquals(1, repo.history("vm", b, ALL).total());

        // hv-b is taken on that host: the whole batch fails with CONFLICT and c is not recorded either.
        String c = UUID.randomUUID().toString();
        StrataException e = assertThrows(
                StrataException.class,
                () -> repo.createVms(
                        host.id(),
                        List.of(
                                new NewVm(c, "hv-c", VmSpec.of("c", 1, 512), VmState.RUNNING, false),
                                new NewVm(
                                        UUID.randomUUID().toString(),
                                        "hv-b",
                                        VmSpec.of("b2", 1, 512),
                                        VmState.RUNNING,
                                        false)),
                        "sync"));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(repo.vm(c).isEmpty());
        assertTrue(repo.history("vm", c, ALL).items().isEmpty());
        assertEquals(Set.of(a, b), repo.vmIds());

        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(
                                StrataException.class,
                                () -> repo.createVms(
                                        "nobody",
                                        List.of(new NewVm(c, "hv-c", VmSpec.of("c", 1, 512), VmState.RUNNING, false)),
                                        "sync"))
                        .code());
    }

    @Test
    public void eventsAppendedTogetherKeepTheirOrder() {
        repo.appendEvents(List.of(
                new NewEvent(Event.Severity.INFO, "VM_DISCOVERED", "vm", "vm-1", "first"),
                new NewEvent(Event.Severity.WARNING, "VM_DISCOVERED", "vm", "vm-2", "second")));
        List<Event> newestFirst = repo.events(null, ALL).items();
        assertEquals(
                List.of("second", "first"),
                newestFirst.stream().map(Event::message).toList());
        assertEquals(Event.Severity.WARNING, newestFirst.get(0).severity());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(
                                StrataException.class,
                                () -> repo.appendEvents(List.of(new NewEvent(null, "X", null, null, "no severity"))))
                        .code());
        assertEquals(2, repo.events(null, ALL).total());
    }

    @Test
    public void eventsAfterAnIdComeOldestFirstFilteredAndLimited() {
        List<Event> recorded = repo.appendEvents(List.of(
                new NewEvent(Event.Severity.INFO, "driver.started", "driver", "libvirt", "1"),
                new NewEvent(Event.Severity.WARNING, "host.unreachable", "host", "h1", "2"),
                new NewEvent(Event.Severity.ERROR, "host.auth", "host", "h1", "3"),
                new NewEvent(Event.Severity.INFO, "host.unreachable", "host", "h2", "4")));
        assertEquals(recorded.get(3), repo.events(null, ALL).items().get(0));
        long first = recorded.get(0).id();

        assertEquals(recorded.subList(1, 4), repo.eventsAfter(first, EventFilter.ALL, 10));
        assertEquals(recorded.subList(1, 3), repo.eventsAfter(first, EventFilter.ALL, 2));
        assertEquals(recorded, repo.eventsAfter(0, EventFilter.ALL, 10));
        assertEquals(List.of(), repo.eventsAfter(recorded.get(3).id(), EventFilter.ALL, 10));
        assertEquals(
                List.of(recorded.get(1), recorded.get(3)),
                repo.eventsAfter(0, EventFilter.of(List.of("host.unreachable"), null, null), 10));
        assertEquals(
                List.of(recorded.get(1), recorded.get(2)),
                repo.eventsAfter(0, EventFilter.of(List.of("host.unreachable,host.auth"), "host", "h1"), 10));
        assertEquals(List.of(recorded.get(0)), repo.eventsAfter(0, EventFilter.of(null, "driver", null), 10));
        for (Event e : repo.eventsAfter(0, EventFilter.of(null, "host", null), 10)) {
            assertTrue(EventFilter.of(null, "host", null).matches(e));
        }
        expect(ErrorCode.INVALID_INPUT, () -> repo.eventsAfter(0, EventFilter.ALL, 0));
        expect(ErrorCode.INVALID_INPUT, () -> repo.eventsAfter(0, EventFilter.ALL, 1001));
    }

    @Test
    public void hostInfosOfAPageComeInOneCall() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost reported = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        StoredHost silent = repo.createHost(hostSpec("kvm-2", dc.id(), null, null), "alice");
        HostInfo info = new HostInfo(
                "kvm-1.example",
                "QEMU",
                "7.2.0",
                "Xeon",
                8,
                16_384,
                List.of(),
                Set.of("hvm"),
                Set.of("VM_LIFECYCLE"),
                Instant.parse("2026-12-03T10:00:00Z"));
        repo.updateHostInfo(reported.id(), info);
        assertEquals(
                Map.of(reported.id(), info),
                repo.hostInfos(List.of(reported.id(), silent.id(), "nobody", reported.id())));
        assertEquals(Map.of(), repo.hostInfos(List.of()));
    }

    @Test
    public void vmListsArePagedInTheDatabaseAndFilteredByHost() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost h1 = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        StoredHost h2 = repo.createHost(hostSpec("kvm-2", dc.id(), null, null), "alice");
        for (String name : List.of("e", "b", "d", "a", "c")) {
            String id = UUID.randomUUID().toString();
            repo.createVm(id, h1.id(), "hv-" + name, VmSpec.of(name, 1, 512), VmState.STOPPED, false, "sync");
        }
        repo.createVm(
                UUID.randomUUID().toString(), h2.id(), "hv-a", VmSpec.of("z", 1, 512), VmState.RUNNING, true, "alice");

        Page<VirtualMachine> page = repo.vms(h1.id(), new PageRequest(1, 2));
        assertEquals(
                List.of("b", "c"),
                page.items().stream().map(VirtualMachine::name).toList());
        assertEquals(5, page.total());
        // the total of a last, partial page comes from the page; a full page and one past the end count
        Page<VirtualMachine> last = repo.vms(h1.id(), new PageRequest(4, 2));
        assertEquals(
                List.of("e"), last.items().stream().map(VirtualMachine::name).toList());
        assertEquals(5, last.total());
        assertEquals(5, repo.vms(h1.id(), new PageRequest(0, 5)).total());
        assertEquals(5, repo.vms(h1.id(), new PageRequest(10, 2)).total());
        assertEquals(0, repo.vms("nobody", new PageRequest(0, 2)).total());
        assertEquals(6, repo.vms(null, ALL).total());
        assertEquals(
                List.of("a", "b", "c", "d", "e", "z"),
                repo.vms(null, ALL).items().stream().map(VirtualMachine::name).toList());
        assertEquals(1, repo.vms(h2.id(), ALL).total());
        assertEquals(5, repo.vmsOfHost(h1.id()).size());
        assertEquals(0, repo.vmsOfHost("nobody").size());
        // the statistics round's narrow read: every VM of the host, by hypervisor id, and no other host's
        assertEquals(
                repo.vmsOfHost(h1.id()).stream()
                        .collect(Collectors.toMap(VirtualMachine::hypervisorId, VirtualMachine::id)),
                repo.vmIdsByHypervisorId(h1.id()));
        assertEquals(Map.of(), repo.vmIdsByHypervisorId("nobody"));
        // the define's name check, by the index rather than by reading every VM of the host
        for (VirtualMachine vm : repo.vms(null, ALL).items()) {
            assertTrue(vm.name(), repo.hasVmNamed(vm.hostId(), vm.name()));
            assertFalse(
                    "names are exact", repo.hasVmNamed(vm.hostId(), vm.name().toUpperCase(java.util.Locale.ROOT)));
        }
        assertFalse("a name of another host", repo.hasVmNamed(h2.id(), "a"));
        assertFalse(repo.hasVmNamed("nobody", "a"));
    }

    @Test
    public void vmConflictsAndMissingReferencesWriteNothing() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost h1 = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        StoredHost h2 = repo.createHost(hostSpec("kvm-2", dc.id(), null, null), "alice");
        String id = UUID.randomUUID().toString();
        repo.createVm(id, h1.id(), "hv-1", VmSpec.of("web", 1, 512), VmState.STOPPED, true, "alice");
        repo.createVm(
                UUID.randomUUID().toString(),
                h2.id(),
                "hv-1",
                VmSpec.of("web", 1, 512),
                VmState.STOPPED,
                true,
                "alice");
        long historyBefore = repo.history(null, null, ALL).total();

        StrataException twice = expect(
                ErrorCode.CONFLICT,
                () -> repo.createVm(
                        UUID.randomUUID().toString(),
                        h1.id(),
                        "hv-1",
                        VmSpec.of("other", 1, 512),
                        VmState.STOPPED,
                        false,
                        "sync"));
        assertTrue(twice.getMessage(), twice.getMessage().contains("kvm-1"));
        expect(
                ErrorCode.CONFLICT,
                () -> repo.createVm(id, h2.id(), "hv-2", VmSpec.of("x", 1, 512), VmState.STOPPED, true, "alice"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createVm(
                        UUID.randomUUID().toString(),
                        "no-such-host",
                        "hv-3",
                        VmSpec.of("x", 1, 512),
                        VmState.STOPPED,
                        true,
                        "alice"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createVm(
                        UUID.randomUUID().toString(), h1.id(), "hv-3", null, VmState.STOPPED, true, "alice"));
        expect(ErrorCode.INVALID_INPUT, () -> repo.moveVm(id, "no-such-host", "alice"));
        // The same hypervisor id is already recorded on kvm-2.
        expect(ErrorCode.CONFLICT, () -> repo.moveVm(id, h2.id(), "alice"));
        String nobody = UUID.randomUUID().toString();
        expect(ErrorCode.NOT_FOUND, () -> repo.updateVmSpec(nobody, VmSpec.of("x", 1, 512), "alice"));
        expect(ErrorCode.NOT_FOUND, () -> repo.updateVmState(nobody, VmState.RUNNING));
        expect(ErrorCode.NOT_FOUND, () -> repo.moveVm(nobody, h2.id(), "alice"));
        expect(ErrorCode.NOT_FOUND, () -> repo.deleteVm(nobody, "alice"));
        // A history row that cannot be written takes the spec change with it.
        expect(ErrorCode.INVALID_INPUT, () -> repo.updateVmSpec(id, VmSpec.of("renamed", 1, 512), "x".repeat(300)));

        assertEquals(h1.id(), repo.vm(id).orElseThrow().hostId());
        assertEquals("web", repo.vm(id).orElseThrow().name());
        assertEquals(historyBefore, repo.history(null, null, ALL).total());
    }

    @Test
    public void aHostWithManagedVmsCannotGoButDiscoveredOnesGoWithIt() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        String managed = UUID.randomUUID().toString();
        String found = UUID.randomUUID().toString();
        repo.createVm(managed, host.id(), managed, VmSpec.of("ours", 1, 512), VmState.STOPPED, true, "alice");
        repo.createVm(found, host.id(), "hv-found", VmSpec.of("theirs", 1, 512), VmState.RUNNING, false, "sync");

        StrataException e = expect(ErrorCode.CONFLICT, () -> repo.deleteHost(host.id(), "bob"));
        assertTrue(e.getMessage(), e.getMessage().contains("1 virtual machine(s) defined by Strata"));
        assertTrue(repo.vm(found).isPresent());

        repo.deleteVm(managed, "bob");
        repo.deleteHost(host.id(), "bob");
        assertTrue(repo.host(host.id()).isEmpty());
        assertTrue(repo.vm(found).isEmpty());
        assertEquals(
                HistoryEntry.Action.DELETE,
                repo.history("vm", found, ALL).items().get(0).action());
    }

    @Test
    public void aHostsRemovalReachingItsVmsAndItsMachineCommitsAllOrNothing() {
        // One write across three aggregates (the host, the VMs found on it, what its BMC said of it): the host
        // store makes it in one transaction, so a refusal found after the VMs were removed must bring them back.
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost machine = repo.createMachine(
                machineSpec("m1", dc.id(), "10.0.0.5:623", null),
                new MachineIdentity(GUID, "ACME", "R1", "2.5"),
                "discovery");
        String found = UUID.randomUUID().toString();
        repo.createVm(found, machine.id(), "hv-found", VmSpec.of("theirs", 1, 512), VmState.RUNNING, false, "sync");
        StoredHost kvm = repo.createHost(
                new HostSpec("kvm-1", dc.id(), null, "libvirt", "qemu:///system", "root", null, machine.id()), "alice");
        long historyBefore = repo.history(null, null, ALL).total();

        expect(ErrorCode.CONFLICT, () -> repo.deleteHost(machine.id(), "bob"));
        assertTrue(repo.host(machine.id()).isPresent());
        assertTrue("the VM removed before the refusal is back", repo.vm(found).isPresent());
        assertEquals(1, repo.history("vm", found, ALL).total());
        assertTrue(repo.machineByGuid(GUID).isPresent());
        assertEquals(historyBefore, repo.history(null, null, ALL).total());

        repo.updateHost(
                kvm.id(), new HostSpec("kvm-1", null, null, "libvirt", "qemu:///system", "root", null, null), "bob");
        repo.deleteHost(machine.id(), "bob");
        assertTrue(repo.host(machine.id()).isEmpty());
        assertTrue(repo.vm(found).isEmpty());
        assertTrue(repo.machineByGuid(GUID).isEmpty());
        assertEquals(
                HistoryEntry.Action.DELETE,
                repo.history("vm", found, ALL).items().get(0).action());
        assertEquals(
                HistoryEntry.Action.DELETE,
                repo.history("host", machine.id(), ALL).items().get(0).action());
    }

    @Test
    public void hostInfoIsKeptWithoutHistory() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-1", dc.id(), null, null), "alice");
        assertTrue(repo.hostInfo(host.id()).isEmpty());
        HostInfo info = new HostInfo(
                "kvm-1.local",
                "QEMU",
                "7.2.0",
                "Skylake",
                8,
                16384,
                List.of(new HostInfo.NumaNode(0, 4, 8192), new HostInfo.NumaNode(1, 4, 8192)),
                Set.of("kvm", "qemu"),
                Set.of("VM_POWER", "VM_DEFINE"),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        long historyBefore = repo.history(null, null, ALL).total();
        repo.updateHostInfo(host.id(), info);
        assertEquals(info, repo.hostInfo(host.id()).orElseThrow());
        assertEquals(historyBefore, repo.history(null, null, ALL).total());
        // Host updates leave it alone, and host history never carries it.
        repo.updateHost(host.id(), hostSpec("kvm-1b", dc.id(), null, null), "bob");
        assertEquals(info, repo.hostInfo(host.id()).orElseThrow());
        assertFalse(repo.history("host", host.id(), ALL).items().get(0).after().contains("Skylake"));
        expect(ErrorCode.NOT_FOUND, () -> repo.updateHostInfo("nobody", info));
    }

    @Test
    public void aHostKeepsItsKindAndUnknownKindsAreFilledFromTheDriver() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost kvm = repo.createHost(
                new HostSpec(
                        "kvm-1", dc.id(), null, "libvirt", "qemu:///system", null, null, null, HostKind.HYPERVISOR),
                "alice");
        assertEquals(HostKind.HYPERVISOR, kvm.kind());
        assertEquals(HostKind.HYPERVISOR, repo.host(kvm.id()).orElseThrow().kind());
        assertTrue(repo.history("host", kvm.id(), ALL).items().get(0).after().contains("\"kind\":\"HYPERVISOR\""));

        // A change without a kind keeps it; one with a kind replaces it.
        assertEquals(
                HostKind.HYPERVISOR,
                repo.updateHost(kvm.id(), hostSpec("kvm-1", dc.id(), null, null), "bob")
                        .kind());
        assertEquals(
                HostKind.STORAGE,
                repo.updateHost(
                                kvm.id(),
                                new HostSpec(
                                        "kvm-1",
                                        dc.id(),
                                        null,
                                        "libvirt-dir",
                                        "qemu:///system",
                                        null,
                                        null,
                                        null,
                                        HostKind.STORAGE),
                                "bob")
                        .kind());

        // Hosts of unknown kind (recorded before kinds were) get the driver's; known kinds stay.
        StoredHost old1 =
                repo.createHost(new HostSpec("old-1", dc.id(), null, "vendor-x", "x://1", null, null), "alice");
        StoredHost old2 =
                repo.createHost(new HostSpec("old-2", dc.id(), null, "vendor-x", "x://2", null, null), "alice");
        StoredHost known = repo.createHost(
                new HostSpec("known", dc.id(), null, "vendor-x", "x://3", null, null, null, HostKind.STORAGE), "alice");
        assertNull(old1.kind());
        long historyBefore = repo.history(null, null, ALL).total();
        assertEquals(2, repo.recordHostKinds("vendor-x", HostKind.MACHINE));
        assertEquals(HostKind.MACHINE, repo.host(old1.id()).orElseThrow().kind());
        assertEquals(HostKind.MACHINE, repo.host(old2.id()).orElseThrow().kind());
        assertEquals(HostKind.STORAGE, repo.host(known.id()).orElseThrow().kind());
        assertEquals(0, repo.recordHostKinds("vendor-x", HostKind.HYPERVISOR));
        assertEquals(
                "a fact filled in, not a change",
                historyBefore,
                repo.history(null, null, ALL).total());
    }

    @Test
    public void aMachineFoundByDiscoveryIsOfKindMachine() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost machine = repo.createMachine(
                machineSpec("bmc-1", dc.id(), "127.0.0.1:9001", null),
                new MachineIdentity(GUID, "ACME", "R1", "1.0"),
                "discovery");
        assertEquals(HostKind.MACHINE, machine.kind());
        assertEquals(HostKind.MACHINE, repo.host(machine.id()).orElseThrow().kind());
        StoredHost moved =
                repo.moveMachine(GUID, "127.0.0.1:9002", new MachineIdentity(GUID, "ACME", "R1", "1.0"), "discovery");
        assertEquals(HostKind.MACHINE, moved.kind());
    }

    // ---- helpers

    private static Task task(String id, TaskState state, Instant created, Instant started) {
        return new Task(
                id, "vm.power", "host", "h1", state, 0, null, null, null, null, "alice", created, started, null);
    }

    private static HostSpec hostSpec(String name, String datacenterId, String poolId, String password) {
        return new HostSpec(name, datacenterId, poolId, "libvirt", "qemu+ssh://10.0.0.1/system", "root", password);
    }

    private String rawPassword(String hostId) throws Exception {
        try (Connection c = DataSources.vendorDataSource(settings).getConnection();
                PreparedStatement ps = c.prepareStatement("select password_enc from host where id = ?")) {
            ps.setString(1, hostId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    // ---- bare-metal machines

    private static final String GUID = "2f9a1c3e-0000-4000-8000-00000000000a";

    private static HostSpec machineSpec(String name, String datacenterId, String address, String password) {
        return new HostSpec(name, datacenterId, null, "ipmi", address, "admin", password);
    }

    @Test
    public void aDiscoveredMachineIsOneHostOneRowAndOneHistoryEntry() throws Exception {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        MachineIdentity identity = new MachineIdentity(GUID, "ACME", "R1", "2.5");
        StoredHost host =
                repo.createMachine(machineSpec("bmc-2f9a1c3e", dc.id(), "10.0.0.5:623", SECRET), identity, "discovery");
        assertEquals("10.0.0.5:623", host.address());
        assertTrue(host.hasPassword());
        assertArrayEquals(SECRET.toCharArray(), repo.hostPassword(host.id()));
        assertTrue(rawPassword(host.id()).startsWith("v1:"));

        StoredMachine machine = repo.machineByGuid(GUID).orElseThrow();
        assertEquals(host.id(), machine.hostId());
        assertEquals(identity, machine.identity());
        assertNotNull(machine.lastSeen());
        assertEquals(machine, repo.machine(host.id()).orElseThrow());
        assertEquals(List.of(machine), repo.machines());
        assertTrue(repo.machineByGuid("nobody").isEmpty());

        List<HistoryEntry> entries = repo.history("host", host.id(), ALL).items();
        assertEquals(1, entries.size());
        assertEquals(HistoryEntry.Action.CREATE, entries.get(0).action());
        assertEquals("discovery", entries.get(0).principal());
        assertFalse(entries.get(0).after().contains(SECRET));

        // The GUID identifies the machine: a second one with it is a conflict and writes nothing.
        expect(
                ErrorCode.CONFLICT,
                () -> repo.createMachine(machineSpec("other", dc.id(), "10.0.0.6:623", null), identity, "discovery"));
        expect(
                ErrorCode.CONFLICT,
                () -> repo.createMachine(
                        machineSpec("bmc-2f9a1c3e", dc.id(), "10.0.0.6:623", null),
                        new MachineIdentity("another-guid", null, null, null),
                        "discovery"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createMachine(
                        machineSpec("x", "no-dc", "10.0.0.7:623", null),
                        new MachineIdentity("guid-x", null, null, null),
                        "discovery"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.createMachine(
                        machineSpec("x", dc.id(), "10.0.0.7:623", null),
                        new MachineIdentity(" ", null, null, null),
                        "discovery"));
        assertEquals(1, repo.hosts(null, ALL).total());
        assertEquals(1, repo.machines().size());
        assertEquals(1, repo.history("host", null, ALL).total());
    }

    @Test
    public void aMachineSeenElsewhereMovesWithOneHistoryEntry() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost host = repo.createMachine(
                machineSpec("m1", dc.id(), "10.0.0.5:623", null),
                new MachineIdentity(GUID, "ACME", "R1", "2.5"),
                "discovery");

        // Same address: only the identity is refreshed, no history.
        MachineIdentity newer = new MachineIdentity(GUID, "ACME", "R1", "2.6");
        assertEquals(host, repo.moveMachine(GUID, "10.0.0.5:623", newer, "discovery"));
        assertEquals("2.6", repo.machine(host.id()).orElseThrow().identity().firmwareRevision());
        assertEquals(1, repo.history("host", host.id(), ALL).total());

        StoredHost moved = repo.moveMachine(GUID, "10.0.0.9:9001", newer, "discovery");
        assertEquals("10.0.0.9:9001", moved.address());
        assertEquals(host.id(), moved.id());
        assertEquals(moved, repo.host(host.id()).orElseThrow());
        List<HistoryEntry> entries = repo.history("host", host.id(), ALL).items();
        assertEquals(2, entries.size());
        assertEquals(HistoryEntry.Action.UPDATE, entries.get(0).action());
        assertTrue(entries.get(0).before().contains("10.0.0.5:623"));
        assertTrue(entries.get(0).after().contains("10.0.0.9:9001"));

        expect(
                ErrorCode.NOT_FOUND,
                () -> repo.moveMachine(
                        "nobody", "10.0.0.1:623", new MachineIdentity("nobody", null, null, null), "discovery"));
        expect(
                ErrorCode.INVALID_INPUT,
                () -> repo.moveMachine(
                        GUID, "10.0.0.1:623", new MachineIdentity("other", null, null, null), "discovery"));
    }

    @Test
    public void identityIsAnObservationAndGoesWithItsHost() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost a = repo.createMachine(
                machineSpec("a", dc.id(), "10.0.0.1:623", null),
                new MachineIdentity(GUID, null, null, null),
                "discovery");
        StoredHost b = repo.createMachine(
                machineSpec("b", dc.id(), "10.0.0.2:623", null),
                new MachineIdentity("guid-b", null, null, null),
                "discovery");
        StoredMachine recorded = repo.recordMachineIdentity(a.id(), new MachineIdentity(GUID, "ACME", "R2", "3.0"));
        assertEquals(recorded, repo.machine(a.id()).orElseThrow());
        assertEquals("R2", recorded.identity().product());
        assertEquals(1, repo.history("host", a.id(), ALL).total());
        expect(
                ErrorCode.CONFLICT,
                () -> repo.recordMachineIdentity(a.id(), new MachineIdentity("guid-b", null, null, null)));
        StoredHost plain = repo.createHost(hostSpec("kvm", dc.id(), null, null), "alice");
        expect(
                ErrorCode.NOT_FOUND,
                () -> repo.recordMachineIdentity(plain.id(), new MachineIdentity("g", null, null, null)));
        assertTrue(repo.machine(plain.id()).isEmpty());

        repo.deleteHost(b.id(), "alice");
        assertTrue(repo.machineByGuid("guid-b").isEmpty());
        assertEquals(
                List.of(GUID), repo.machines().stream().map(StoredMachine::guid).toList());
    }

    @Test
    public void aClusterHostEntersAndLeavesStandbyWithHistory() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        StoredHost kvm = repo.createHost(
                new HostSpec(
                        "kvm-1", dc.id(), null, "libvirt", "qemu:///system", null, null, null, HostKind.HYPERVISOR),
                "alice");
        org.strata.repository.ClusterStore clusters = repo.clusterStore();
        org.strata.api.datacenter.Cluster cluster = clusters.createCluster(
                new org.strata.api.datacenter.Cluster(
                        "c1", dc.id(), "gold", null, "power-saving", "manual", 3, 4, 1, 4.0, 1.0, Instant.now()),
                "alice");
        clusters.addMember(cluster.id(), kvm.id(), java.util.Map.of(), "alice");
        assertTrue(clusters.standby(cluster.id()).isEmpty());

        clusters.setStandby(kvm.id(), true, "power");
        java.util.Map<String, Instant> standby = clusters.standby(cluster.id());
        assertEquals(java.util.Set.of(kvm.id()), standby.keySet());
        assertTrue(standby.get(kvm.id()).isAfter(Instant.now().minusSeconds(60)));
        long entries = repo.history("cluster-host", kvm.id(), ALL).total();
        clusters.setStandby(kvm.id(), true, "power"); // already: nothing written
        assertEquals(entries, repo.history("cluster-host", kvm.id(), ALL).total());

        clusters.setStandby(kvm.id(), false, "power");
        assertTrue(clusters.standby(cluster.id()).isEmpty());
        assertEquals(entries + 1, repo.history("cluster-host", kvm.id(), ALL).total());
        expect(ErrorCode.NOT_FOUND, () -> clusters.setStandby("nobody", true, "power"));
    }

    static StrataException expect(ErrorCode code, ThrowingRunnable action) {
        StrataException e = assertThrows(StrataException.class, action);
        assertEquals(e.getMessage(), code, e.code());
        return e;
    }

    /** What a user scoped to its tenants lists: the VMs of a set of pools, paged by the database. */
    @Test
    public void vmsOfASetOfPoolsArePagedByTheDatabase() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("scoped", null), "alice");
        StoredHost host = repo.createHost(hostSpec("kvm-s", dc.id(), null, null), "alice");
        ResourcePool acme = repo.createPool(new PoolSpec(dc.id(), null, "acme", null, null, null), "alice");
        ResourcePool acmeWeb = repo.createPool(new PoolSpec(dc.id(), acme.id(), "acme-web", null, null, null), "alice");
        ResourcePool globex = repo.createPool(new PoolSpec(dc.id(), null, "globex", null, null, null), "alice");
        for (String[] vm : new String[][] {
            {"a1", acme.id()}, {"a2", acmeWeb.id()}, {"a3", acme.id()}, {"g1", globex.id()}, {"none", null}
        }) {
            String id = UUID.randomUUID().toString();
            repo.createVm(id, host.id(), id, vm[1], fullSpec(vm[0]), VmState.STOPPED, true, "alice");
        }
        java.util.Set<String> acmes = java.util.Set.of(acme.id(), acmeWeb.id());
        assertEquals(
                List.of("a1", "a2", "a3"),
                repo.vmsInPools(acmes, ALL).items().stream()
                        .map(VirtualMachine::name)
                        .toList());
        org.strata.api.Page<VirtualMachine> second = repo.vmsInPools(acmes, new PageRequest(1, 1));
        assertEquals(
                List.of("a2"), second.items().stream().map(VirtualMachine::name).toList());
        assertEquals(3, second.total());
        assertEquals(
                List.of("g1"),
                repo.vmsInPools(java.util.Set.of(globex.id()), ALL).items().stream()
                        .map(VirtualMachine::name)
                        .toList());
        assertEquals(0, repo.vmsInPools(java.util.Set.of(), ALL).total());
    }

    @Test
    public void aPoolAttachedToAClusterAndAHostIsSeenByThemOnly() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("shared", null), "alice");
        StoredHost nas = repo.createHost(hostSpec("nas-s", dc.id(), null, null), "alice");
        StoredHost inCluster = repo.createHost(
                new HostSpec(
                        "kvm-c", dc.id(), null, "libvirt", "qemu:///system", null, null, null, HostKind.HYPERVISOR),
                "alice");
        StoredHost single = repo.createHost(hostSpec("kvm-s", dc.id(), null, null), "alice");
        StoredHost elsewhere = repo.createHost(hostSpec("kvm-e", dc.id(), null, null), "alice");
        org.strata.repository.ClusterStore clusters = repo.clusterStore();
        org.strata.api.datacenter.Cluster cluster = clusters.createCluster(
                new org.strata.api.datacenter.Cluster(
                        "c-shared", dc.id(), "shared", null, "balanced", "manual", 3, 4, 1, 4.0, 1.0, Instant.now()),
                "alice");
        clusters.addMember(cluster.id(), inCluster.id(), java.util.Map.of(), "alice");
        org.strata.repository.VolumeStore volumes = repo.volumeStore();
        volumes.recordPool(
                nas.id(),
                "p1",
                List.of(new org.strata.repository.VolumeStore.SeenVolume(nas.id(), "p1", "d", "nfs://n/p1/d", 1L)));
        volumes.recordPool(
                nas.id(),
                "p2",
                List.of(new org.strata.repository.VolumeStore.SeenVolume(nas.id(), "p2", "e", "nfs://n/p2/e", 1L)));
        assertEquals("no attachment constrains nothing", Map.of(), volumes.seenBy(List.of("nfs://n/p1/d")));

        volumes.attach(new org.strata.repository.VolumeStore.Attachment(nas.id(), "p1", cluster.id(), null));
        volumes.attach(new org.strata.repository.VolumeStore.Attachment(nas.id(), "p1", null, single.id()));
        StrataException twice = assertThrows(
                StrataException.class,
                () -> volumes.attach(
                        new org.strata.repository.VolumeStore.Attachment(nas.id(), "p1", cluster.id(), null)));
        assertEquals(ErrorCode.CONFLICT, twice.code());
        assertEquals(2, volumes.attachments(nas.id(), "p1").size());

        Map<String, org.strata.repository.VolumeStore.Seen> seen =
                volumes.seenBy(List.of("nfs://n/p1/d", "nfs://n/p2/e", "/unknown"));
        assertEquals("only the attached pool's path", java.util.Set.of("nfs://n/p1/d"), seen.keySet());
        org.strata.repository.VolumeStore.Seen p1 = seen.get("nfs://n/p1/d");
        assertEquals("p1", p1.pool());
        assertEquals(java.util.Set.of(cluster.id()), p1.clusterIds());
        assertEquals(java.util.Set.of(single.id()), p1.hostIds());
        assertTrue(p1.sees(inCluster.id(), cluster.id()));
        assertTrue(p1.sees(single.id(), null));
        assertFalse(p1.sees(elsewhere.id(), null));

        assertEquals(Map.of(), volumes.unseenBy(List.of("nfs://n/p1/d"), inCluster.id()));
        assertEquals(Map.of(), volumes.unseenBy(List.of("nfs://n/p1/d"), single.id()));
        assertEquals(
                java.util.Set.of("nfs://n/p1/d"),
                volumes.unseenBy(List.of("nfs://n/p1/d", "nfs://n/p2/e"), elsewhere.id())
                        .keySet());

        assertTrue(volumes.detach(new org.strata.repository.VolumeStore.Attachment(nas.id(), "p1", null, single.id())));
        assertFalse(
                volumes.detach(new org.strata.repository.VolumeStore.Attachment(nas.id(), "p1", null, single.id())));
        assertEquals(
                java.util.Set.of("nfs://n/p1/d"),
                volumes.unseenBy(List.of("nfs://n/p1/d"), single.id()).keySet());
    }

    @Test
    public void volumesAsLastSeenGiveTheStorageQuotasCount() {
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("stored", null), "alice");
        StoredHost nas = repo.createHost(hostSpec("nas-1", dc.id(), null, null), "alice");
        StoredHost other = repo.createHost(hostSpec("nas-2", dc.id(), null, null), "alice");
        org.strata.repository.VolumeStore volumes = repo.volumeStore();
        long gib = org.strata.repository.VolumeStore.GIB;
        volumes.recordPool(
                nas.id(),
                "images",
                List.of(
                        new org.strata.repository.VolumeStore.SeenVolume(
                                nas.id(), "images", "a", "/images/a.qcow2", 2 * gib),
                        new org.strata.repository.VolumeStore.SeenVolume(
                                nas.id(), "images", "b", "/images/b.qcow2", gib / 2)));
        // The same shared directory seen from a second host, smaller there: the largest counts.
        volumes.recordVolume(
                new org.strata.repository.VolumeStore.SeenVolume(other.id(), "shared", "a", "/images/a.qcow2", gib));
        assertEquals(
                Map.of("/images/a.qcow2", 2 * gib, "/images/b.qcow2", gib / 2),
                volumes.capacities(List.of("/images/a.qcow2", "/images/b.qcow2", "/elsewhere.raw")));

        VmDisk a = new VmDisk("disk", "/images/a.qcow2", "qcow2", "virtio", "vda", false);
        VmDisk b = new VmDisk("disk", "/images/b.qcow2", "qcow2", "virtio", "vdb", false);
        VmDisk cd = new VmDisk("cdrom", "/images/b.qcow2", "raw", "sata", "sda", true);
        VmDisk unknown = new VmDisk("disk", "/elsewhere.raw", "raw", "virtio", "vdc", false);
        VmSpec spec = new VmSpec(
                "v", 1, 512, "hvm", List.of(a, b, cd, unknown, a), List.of(), List.of(), List.of(), null, false, null);
        assertEquals(
                "2.5 GiB, rounded up; the CD-ROM, the repeat and the unknown path add nothing",
                3,
                volumes.storageGb(spec));
        VmSpec small = new VmSpec("w", 1, 512, "hvm", List.of(b), List.of(), List.of(), List.of(), null, false, null);
        assertEquals("each VM rounds up on its own", 3 + 1, volumes.storageGb(List.of(spec, small)));

        // A new listing replaces the pool's rows; a deleted volume and a deleted host leave nothing behind.
        volumes.recordPool(
                nas.id(),
                "images",
                List.of(new org.strata.repository.VolumeStore.SeenVolume(
                        nas.id(), "images", "b", "/images/b.qcow2", 5 * gib)));
        assertEquals(
                Map.of("/images/a.qcow2", gib, "/images/b.qcow2", 5 * gib),
                volumes.capacities(List.of("/images/a.qcow2", "/images/b.qcow2")));
        volumes.forgetVolume(nas.id(), "images", "b");
        repo.deleteHost(other.id(), "bob");
        assertEquals(Map.of(), volumes.capacities(List.of("/images/a.qcow2", "/images/b.qcow2")));
        assertEquals(0, volumes.storageGb(spec));
    }
}

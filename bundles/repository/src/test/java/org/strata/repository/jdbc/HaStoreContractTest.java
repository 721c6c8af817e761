package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.strata.api.datacenter.Cluster;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.HaStore;
import org.strata.repository.HaStore.HostRecord;
import org.strata.repository.HaStore.NewFailoverVm;

/**
 * What {@link JdbcHaStore} must do on every database; subclasses provide the database. Cascades are witnessed by
 * counting rows over a connection of the test's own, not through the store.
 */
public abstract class HaStoreContractTest {

    private static final PageRequest ALL = new PageRequest(0, 500);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private DatabaseSettings settings;
    private JdbcConfigRepository repo;
    private HaStore store;
    private Cluster cluster;
    private String h1;
    private String h2;
    private String a;
    private String b;
    private String c;

    /** A database with nothing in it, not even the schema. */
    protected abstract DatabaseSettings freshDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    @Before
    public void open() throws Exception {
        settings = freshDatabase();
        repo = new JdbcConfigRepository(settings, temp.getRoot().toPath().resolve("key"));
        store = repo.haStore();
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        cluster = cluster(dc, "c1");
        h1 = host(dc, "h1");
        h2 = host(dc, "h2");
        repo.clusterStore().addMember(cluster.id(), h1, Map.of(), "alice");
        repo.clusterStore().addMember(cluster.id(), h2, Map.of(), "alice");
        a = vm(h1, "a");
        b = vm(h1, "b");
        c = vm(h2, "c");
    }

    @After
    public void close() throws Exception {
        if (repo != null) {
            repo.close();
        }
        dropDatabase();
    }

    // ---- VM settings

    @Test
    public void vmSettingsAreWrittenReadAndRecordedInHistoryWhenTheyChange() {
        assertTrue(store.vmHa(a).isEmpty());

        VmHa written = store.putVmHa(new VmHa(a, true, HaPriority.HIGH, List.of(b, c, b)), "alice");
        assertEquals(new VmHa(a, true, HaPriority.HIGH, List.of(b, c)), written);
        assertEquals(written, store.vmHa(a).orElseThrow());
        store.putVmHa(new VmHa(b, true, null, null), "alice");
        store.putVmHa(new VmHa(c, false, HaPriority.LOW, List.of()), "alice");

        assertEquals(List.of(a, b).stream().sorted().toList(), ids(store.enabledOnHost(h1)));
        assertEquals(List.of(), store.enabledOnHost(h2));
        Map<String, VmHa> enabled = store.enabled();
        assertEquals(2, enabled.size());
        assertEquals(HaPriority.MEDIUM, enabled.get(b).priority());
        assertEquals(List.of(b, c), enabled.get(a).after());

        // The same settings again change nothing and leave no entry; a change does.
        store.putVmHa(new VmHa(a, true, HaPriority.HIGH, List.of(b, c)), "bob");
        VmHa changed = store.putVmHa(new VmHa(a, false, HaPriority.LOW, List.of(c)), "bob");
        assertEquals(changed, store.vmHa(a).orElseThrow());
        assertFalse(store.enabled().containsKey(a));

        List<HistoryEntry> entries = repo.history(JdbcHaStore.VM_HA, a, ALL).items();
        assertEquals(2, entries.size());
        assertEquals(HistoryEntry.Action.UPDATE, entries.get(0).action());
        assertEquals("bob", entries.get(0).principal());
        assertTrue(entries.get(0).before().contains("\"priority\":\"HIGH\""));
        assertTrue(entries.get(0).after().contains("\"priority\":\"LOW\""));
        assertEquals(HistoryEntry.Action.CREATE, entries.get(1).action());
        assertNull(entries.get(1).before());
    }

    @Test
    public void vmSettingsOfAnUnknownVmOrNamingOneAreRefused() {
        assertCode(ErrorCode.NOT_FOUND, () -> store.putVmHa(new VmHa("no-such-vm", true, null, List.of()), "alice"));
        assertCode(
                ErrorCode.INVALID_INPUT,
                () -> store.putVmHa(new VmHa(a, true, null, List.of(b, "no-such-vm")), "alice"));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.putVmHa(null, "alice"));
        // Nothing of the refused writes stayed.
        assertTrue(store.vmHa(a).isEmpty());
        assertTrue(store.vmHa("no-such-vm").isEmpty());
    }

    @Test
    public void deletingAVmDeletesItsSettingsAndDropsItFromOtherVmsOrder() throws Exception {
        store.putVmHa(new VmHa(a, true, HaPriority.HIGH, List.of(b, c)), "alice");
        store.putVmHa(new VmHa(b, true, HaPriority.HIGH, List.of(a)), "alice");

        repo.deleteVm(b, "alice");
        assertEquals(List.of(c), store.vmHa(a).orElseThrow().after());
        assertTrue(store.vmHa(b).isEmpty());
        assertEquals(0, count("select count(*) from vm_ha where vm_id = ?", b));
        assertEquals(0, count("select count(*) from vm_ha_after where vm_id = ? or after_vm_id = ?", b, b));

        repo.deleteVm(a, "alice");
        assertTrue(store.vmHa(a).isEmpty());
        assertEquals(0, count("select count(*) from vm_ha_after"));
    }

    // ---- cluster settings

    @Test
    public void clusterSettingsAreWrittenReadAndRecordedInHistory() {
        assertTrue(store.clusterHa(cluster.id()).isEmpty());
        assertEquals(List.of(), store.enabledClusters());

        ClusterHa settings =
                new ClusterHa(cluster.id(), true, Admission.FAILOVER_HOSTS, 1, 25, 30, List.of(h2, h2), "/srv/leases");
        ClusterHa written = store.putClusterHa(settings, "alice");
        assertEquals(List.of(h2), written.failoverHosts());
        assertEquals(written, store.clusterHa(cluster.id()).orElseThrow());
        assertEquals(List.of(written), store.enabledClusters());

        // An empty lease directory removes it; the failover hosts are replaced.
        ClusterHa changed = store.putClusterHa(
                new ClusterHa(cluster.id(), true, Admission.PERCENTAGE, 2, 40, 50, List.of(h1, h2), ""), "bob");
        assertNull(changed.leaseDirectory());
        assertEquals(changed, store.clusterHa(cluster.id()).orElseThrow());
        assertEquals(List.of(h1, h2), changed.failoverHosts());
        store.putClusterHa(changed, "bob");
        store.putClusterHa(ClusterHa.disabled(cluster.id()), "carol");
        assertEquals(List.of(), store.enabledClusters());

        List<HistoryEntry> entries =
                repo.history(JdbcHaStore.CLUSTER_HA, cluster.id(), ALL).items();
        assertEquals(3, entries.size());
        assertEquals(HistoryEntry.Action.CREATE, entries.get(2).action());
        assertTrue(entries.get(2).after().contains("\"leaseDirectory\":\"/srv/leases\""));
        assertEquals("carol", entries.get(0).principal());
    }

    @Test
    public void clusterSettingsOfAnUnknownClusterOrHostOrOutOfRangeAreRefused() {
        assertCode(ErrorCode.NOT_FOUND, () -> store.putClusterHa(ClusterHa.disabled("no-such-cluster"), "alice"));
        assertCode(
                ErrorCode.INVALID_INPUT,
                () -> store.putClusterHa(
                        new ClusterHa(cluster.id(), true, Admission.FAILOVER_HOSTS, 1, 25, 25, List.of("nope"), null),
                        "alice"));
        for (int[] v : new int[][] {{-1, 25, 25}, {1, 101, 25}, {1, 25, -1}}) {
            assertCode(
                    ErrorCode.INVALID_INPUT,
                    () -> store.putClusterHa(
                            new ClusterHa(cluster.id(), true, Admission.NONE, v[0], v[1], v[2], null, null), "alice"));
        }
        assertTrue(store.clusterHa(cluster.id()).isEmpty());
    }

    @Test
    public void deletingAHostOrTheClusterDeletesWhatHaKeptOfThem() throws Exception {
        Datacenter dc = repo.datacenters(ALL).items().get(0);
        String h3 = host(dc, "h3");
        repo.clusterStore().addMember(cluster.id(), h3, Map.of(), "alice");
        store.putClusterHa(
                new ClusterHa(cluster.id(), true, Admission.FAILOVER_HOSTS, 1, 25, 25, List.of(h2, h3), null), "alice");
        store.putHostState(new HostRecord(h3, HostHaState.FENCED, "off", Instant.now()));
        Failover f = store.createFailover(h3, cluster.id(), "gone", at(1), at(2), List.of());
        store.updateFailover(f.id(), FailoverState.DONE, "bmc", at(3));

        repo.deleteHost(h3, "alice");
        assertEquals(List.of(h2), store.clusterHa(cluster.id()).orElseThrow().failoverHosts());
        assertFalse(store.hostStates().containsKey(h3));
        assertTrue(store.failover(f.id()).isEmpty());
        assertEquals(0, count("select count(*) from host_ha where host_id = ?", h3));
        assertEquals(0, count("select count(*) from failover where host_id = ?", h3));

        // The cluster, once empty, goes with its settings and its failovers.
        Failover other = store.createFailover(
                h1, cluster.id(), "gone", at(1), at(2), List.of(new NewFailoverVm(a, "a", HaPriority.HIGH)));
        for (String vm : List.of(a, b, c)) {
            repo.deleteVm(vm, "alice");
        }
        repo.clusterStore().removeMember(cluster.id(), h1, "alice");
        repo.clusterStore().removeMember(cluster.id(), h2, "alice");
        repo.clusterStore().deleteCluster(cluster.id(), "alice");
        assertTrue(store.clusterHa(cluster.id()).isEmpty());
        assertTrue(store.failover(other.id()).isEmpty());
        assertEquals(0, count("select count(*) from cluster_ha"));
        assertEquals(0, count("select count(*) from cluster_ha_failover_host"));
        assertEquals(0, count("select count(*) from failover_vm"));
    }

    // ---- host states

    @Test
    public void hostStatesAreReplacedAndRefusedForUnknownHosts() {
        assertEquals(Map.of(), store.hostStates());
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.putHostState(new HostRecord(h1, HostHaState.SUSPECT, "session lost", since));
        store.putHostState(new HostRecord(h2, HostHaState.UP, null, since));
        store.putHostState(new HostRecord(h1, HostHaState.FAILED, "nothing shows it alive", since.plusSeconds(3)));

        Map<String, HostRecord> states = store.hostStates();
        assertEquals(2, states.size());
        assertEquals(
                new HostRecord(h1, HostHaState.FAILED, "nothing shows it alive", since.plusSeconds(3)), states.get(h1));
        assertEquals(new HostRecord(h2, HostHaState.UP, null, since), states.get(h2));

        assertCode(
                ErrorCode.NOT_FOUND,
                () -> store.putHostState(new HostRecord("no-such-host", HostHaState.UP, null, since)));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.putHostState(new HostRecord(h1, null, null, since)));
        // Bookkeeping, not settings: no history.
        assertEquals(
                0,
                repo.history(null, h1, ALL).items().stream()
                        .filter(e -> e.entityType().contains("ha"))
                        .count());
    }

    // ---- failovers

    @Test
    public void aFailoverKeepsItsVmsByPriorityAndOneHostHasOneOpenFailover() {
        Failover f = store.createFailover(
                h1,
                cluster.id(),
                "h1 stopped answering",
                at(1),
                at(5),
                List.of(
                        new NewFailoverVm(b, "b", HaPriority.LOW),
                        new NewFailoverVm(a, "a", HaPriority.HIGH),
                        new NewFailoverVm("x", "x", HaPriority.LOW),
                        new NewFailoverVm("y", "y", null)));
        assertEquals(FailoverState.FENCING, f.state());
        assertNull(f.fence());
        assertNull(f.ended());
        assertEquals(
                List.of(a, "y", b, "x"), f.vms().stream().map(FailoverVm::vmId).toList());
        assertTrue(f.vms().stream().allMatch(v -> v.state().equals("PENDING") && v.hostId() == null));
        assertEquals(f, store.failover(f.id()).orElseThrow());
        assertEquals(List.of(f), store.openFailovers());

        assertCode(ErrorCode.CONFLICT, () -> store.createFailover(h1, cluster.id(), "again", at(6), at(7), List.of()));

        // RESTARTING and INCOMPLETE stay open; the fence is kept when not given.
        store.updateFailover(f.id(), FailoverState.RESTARTING, "bmc", null);
        Failover incomplete = store.updateFailover(f.id(), FailoverState.INCOMPLETE, null, null);
        assertEquals("bmc", incomplete.fence());
        assertEquals(List.of(incomplete), store.openFailovers());
        assertCode(ErrorCode.CONFLICT, () -> store.createFailover(h1, cluster.id(), "again", at(6), at(7), List.of()));

        Failover done = store.updateFailover(f.id(), FailoverState.DONE, null, at(9));
        assertEquals(done, store.failover(f.id()).orElseThrow());
        assertEquals(at(9), done.ended());
        assertEquals(List.of(), store.openFailovers());

        // Ended: the host may fail again; an ended failover cannot be reopened beside the new one.
        Failover second = store.createFailover(h1, cluster.id(), "again", at(10), at(11), List.of());
        assertEquals(List.of(second), store.openFailovers());
        assertCode(ErrorCode.CONFLICT, () -> store.updateFailover(f.id(), FailoverState.RESTARTING, null, null));
        assertEquals(FailoverState.DONE, store.failover(f.id()).orElseThrow().state());
    }

    @Test
    public void twoFailoversOfOneHostBegunAtOnceLeaveOneOpen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Failover>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.createFailover(h1, cluster.id(), "race", at(1), at(2), List.of());
                }));
            }
            int created = 0;
            int refused = 0;
            for (Future<Failover> r : results) {
                try {
                    r.get(30, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException e) {
                    assertEquals(ErrorCode.CONFLICT, ((StrataException) e.getCause()).code());
                    refused++;
                }
            }
            assertEquals(1, created);
            assertEquals(1, refused);
            assertEquals(1, count("select count(*) from failover where host_id = ?", h1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void failoverVmsChangeOneByOneAndNullKeeps() {
        Failover f = store.createFailover(
                h1,
                cluster.id(),
                "down",
                at(1),
                at(2),
                List.of(new NewFailoverVm(a, "a", HaPriority.HIGH), new NewFailoverVm(b, "b", HaPriority.LOW)));
        store.updateFailoverVm(f.id(), a, "RESTARTING", h2, "placed on h2", "task-1", null);
        store.updateFailoverVm(f.id(), a, "RUNNING", null, null, null, at(4));
        store.updateFailoverVm(f.id(), b, "UNPLACED", null, "no host can take it", null, null);

        List<FailoverVm> vms = store.failover(f.id()).orElseThrow().vms();
        assertEquals(
                new FailoverVm(a, "a", HaPriority.HIGH, "RUNNING", h2, "placed on h2", "task-1", at(4)), vms.get(0));
        assertEquals(
                new FailoverVm(b, "b", HaPriority.LOW, "UNPLACED", null, "no host can take it", null, null),
                vms.get(1));

        assertCode(ErrorCode.NOT_FOUND, () -> store.updateFailoverVm(f.id(), c, "RUNNING", null, null, null, null));
        assertCode(ErrorCode.NOT_FOUND, () -> store.updateFailoverVm("nope", a, "RUNNING", null, null, null, null));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.updateFailoverVm(f.id(), a, "ASLEEP", null, null, null, null));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.updateFailoverVm(f.id(), a, null, null, null, null, null));
    }

    @Test
    public void aFailoverOutlivesItsDeletedVms() {
        Failover f = store.createFailover(
                h1, cluster.id(), "down", at(1), at(2), List.of(new NewFailoverVm(a, "a", HaPriority.HIGH)));
        repo.deleteVm(a, "alice");
        FailoverVm kept = store.failover(f.id()).orElseThrow().vms().get(0);
        assertEquals(a, kept.vmId());
        assertEquals("a", kept.name());
        store.updateFailoverVm(f.id(), a, "SKIPPED", null, "deleted meanwhile", null, null);
    }

    @Test
    public void failoversAreListedNewestFirstPerHostOrAll() {
        Failover first = store.createFailover(h1, cluster.id(), "1", at(1), at(1), List.of());
        store.updateFailover(first.id(), FailoverState.CANCELLED, null, at(2));
        Failover onH2 = store.createFailover(h2, cluster.id(), "2", at(3), at(3), List.of());
        Failover second = store.createFailover(h1, cluster.id(), "3", at(4), at(4), List.of());

        assertEquals(
                List.of(second.id(), first.id()),
                store.failovers(h1, ALL).items().stream().map(Failover::id).toList());
        Page<Failover> page = store.failovers(null, new PageRequest(0, 2));
        assertEquals(
                List.of(second.id(), onH2.id()),
                page.items().stream().map(Failover::id).toList());
        assertEquals(3, page.total());
        assertEquals(
                List.of(first.id()),
                store.failovers(null, new PageRequest(2, 2)).items().stream()
                        .map(Failover::id)
                        .toList());
        assertEquals(List.of(), store.failovers("no-such-host", ALL).items());
        // Oldest first: the order a restarted Strata resumes them in.
        assertEquals(
                List.of(onH2.id(), second.id()),
                store.openFailovers().stream().map(Failover::id).toList());
    }

    @Test
    public void wrongFailoverWritesAreRefused() {
        List<NewFailoverVm> none = List.of();
        assertCode(
                ErrorCode.NOT_FOUND, () -> store.createFailover("no-such-host", cluster.id(), "r", at(1), at(1), none));
        assertCode(ErrorCode.NOT_FOUND, () -> store.createFailover(h1, "no-such-cluster", "r", at(1), at(1), none));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.createFailover(h1, cluster.id(), "r", null, at(1), none));
        assertCode(
                ErrorCode.INVALID_INPUT,
                () -> store.createFailover(
                        h1,
                        cluster.id(),
                        "r",
                        at(1),
                        at(1),
                        List.of(new NewFailoverVm(a, "a", null), new NewFailoverVm(a, "a", null))));
        assertEquals(List.of(), store.openFailovers());

        assertCode(ErrorCode.NOT_FOUND, () -> store.updateFailover("nope", FailoverState.DONE, null, at(1)));
        Failover f = store.createFailover(h1, cluster.id(), "r", at(1), at(1), none);
        assertCode(ErrorCode.INVALID_INPUT, () -> store.updateFailover(f.id(), FailoverState.DONE, "prayer", at(1)));
        assertCode(ErrorCode.INVALID_INPUT, () -> store.updateFailover(f.id(), null, null, null));
        assertEquals(f, store.failover(f.id()).orElseThrow());
    }

    @Test
    public void staleDefinitionsAreTheRunningVmsNotYetRemovedFromTheFailedHost() {
        Failover f = store.createFailover(
                h1,
                cluster.id(),
                "down",
                at(1),
                at(2),
                List.of(
                        new NewFailoverVm(a, "a", HaPriority.HIGH),
                        new NewFailoverVm(b, "b", HaPriority.MEDIUM),
                        new NewFailoverVm("gone", "gone", HaPriority.LOW)));
        Failover other = store.createFailover(
                h2, cluster.id(), "down", at(1), at(2), List.of(new NewFailoverVm(c, "c", HaPriority.HIGH)));
        store.updateFailoverVm(other.id(), c, "RUNNING", h1, null, null, at(3));
        assertEquals(List.of(), store.staleDefinitions(h1));

        store.updateFailoverVm(f.id(), a, "RUNNING", h2, null, null, at(3));
        store.updateFailoverVm(f.id(), b, "FAILED", null, "start failed", null, null);
        store.updateFailoverVm(f.id(), "gone", "RUNNING", h2, null, null, at(3));
        assertEquals(List.of(Map.entry(f.id(), a), Map.entry(f.id(), "gone")), store.staleDefinitions(h1));
        assertEquals(List.of(Map.entry(other.id(), c)), store.staleDefinitions(h2));

        store.staleRemoved(f.id(), a);
        store.staleRemoved(f.id(), a); // found gone the second time: no error
        assertEquals(List.of(Map.entry(f.id(), "gone")), store.staleDefinitions(h1));
        // Still stale once the failover has ended: the host may answer long after.
        store.updateFailover(f.id(), FailoverState.DONE, "bmc", at(5));
        assertEquals(List.of(Map.entry(f.id(), "gone")), store.staleDefinitions(h1));

        assertCode(ErrorCode.NOT_FOUND, () -> store.staleRemoved(f.id(), c));
        assertCode(ErrorCode.NOT_FOUND, () -> store.staleRemoved("nope", a));
    }

    // ---- helpers

    private static Instant at(int second) {
        return Instant.parse("2026-12-06T10:00:00Z").plusSeconds(second);
    }

    private static List<String> ids(List<VmHa> settings) {
        return settings.stream().map(VmHa::vmId).sorted().toList();
    }

    private static void assertCode(ErrorCode code, ThrowingRunnable call) {
        StrataException e = assertThrows(StrataException.class, call);
        assertEquals(e.getMessage(), code, e.code());
    }

    /** Counts over a connection of the test's own: a witness that does not go through the store. */
    private long count(String sql, Object... params) throws Exception {
        DataSource ds = DataSources.vendorDataSource(settings);
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Cluster cluster(Datacenter dc, String name) {
        return repo.clusterStore()
                .createCluster(
                        new Cluster(
                                UUID.randomUUID().toString(),
                                dc.id(),
                                name,
                                null,
                                "balanced",
                                "manual",
                                3,
                                4,
                                1,
                                4.0,
                                1.0,
                                Instant.now()),
                        "alice");
    }

    private String host(Datacenter dc, String name) {
        return repo.createHost(
                        new HostSpec(
                                name,
                                dc.id(),
                                null,
                                "demo",
                                name + ".example",
                                "root",
                                null,
                                null,
                                HostKind.HYPERVISOR),
                        "alice")
                .id();
    }

    private String vm(String host, String name) {
        String id = UUID.randomUUID().toString();
        repo.createVm(id, host, id, null, VmSpec.of(name, 1, 512), VmState.STOPPED, true, "alice");
        return id;
    }
}

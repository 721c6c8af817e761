package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.datacenter.Cluster;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostSpec;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.AffinityStore;

/** Affinity groups on an H2 file database: the cluster's VMs only, must rules that contradict refused, cascades. */
public class AffinityStoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private JdbcConfigRepository repo;
    private AffinityStore store;
    private Cluster cluster;
    private String a;
    private String b;
    private String c;
    private String outside;

    @Before
    public void open() throws Exception {
        String path = temp.newFolder("h2")
                .toPath()
                .resolve("repository")
                .toAbsolutePath()
                .toString();
        repo = new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:file:" + path + ";WRITE_DELAY=0", "sa", "", 4),
                temp.getRoot().toPath().resolve("key"));
        store = repo.affinityStore();
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        cluster = repo.clusterStore()
                .createCluster(
                        new Cluster(
                                java.util.UUID.randomUUID().toString(),
                                dc.id(),
                                "c1",
                                null,
                                "balanced",
                                "manual",
                                3,
                                4,
                                1,
                                4.0,
                                1.0,
                                java.time.Instant.now()),
                        "alice");
        String h1 = repo.createHost(
                        new HostSpec(
                                "h1",
                                dc.id(),
                                null,
                                "demo",
                                "10.0.0.1",
                                "root",
                                null,
                                null,
                                org.strata.api.inventory.HostKind.HYPERVISOR),
                        "alice")
                .id();
        String h2 = repo.createHost(
                        new HostSpec(
                                "h2",
                                dc.id(),
                                null,
                                "demo",
                                "10.0.0.2",
                                "root",
                                null,
                                null,
                                org.strata.api.inventory.HostKind.HYPERVISOR),
                        "alice")
                .id();
        repo.clusterStore().addMember(cluster.id(), h1, Map.of(), "alice");
        a = vm(h1, "a");
        b = vm(h1, "b");
        c = vm(h1, "c");
        outside = vm(h2, "outside");
    }

    @After
    public void close() {
        repo.close();
    }

    private String vm(String host, String name) {
        String id = java.util.UUID.randomUUID().toString();
        repo.createVm(id, host, id, null, VmSpec.of(name, 1, 512), VmState.STOPPED, true, "alice");
        return id;
    }

    private static AffinityGroupSpec spec(String name, String kind, String enforcement, String... vms) {
        return new AffinityGroupSpec(name, null, kind, enforcement, List.of(vms), null);
    }

    @Test
    public void groupsAreWrittenReadAndDeletedWithTheirMembers() {
        AffinityGroup g = store.createGroup(cluster.id(), spec("web", "anti-affinity", "must", a, b), "alice");
        assertEquals(
                List.of(a, b).stream().sorted().toList(),
                store.group(g.id()).orElseThrow().vmIds());
        assertEquals(1, store.groups(cluster.id()).size());
        assertEquals(
                List.of(g.id()),
                store.groupsOfVm(a).stream().map(AffinityGroup::id).toList());

        AffinityGroup added = store.addVm(g.id(), c, "bob");
        assertEquals(3, added.vmIds().size());
        assertEquals(3, store.addVm(g.id(), c, "bob").vmIds().size());
        assertEquals(2, store.removeVm(g.id(), a, "bob").vmIds().size());

        AffinityGroup renamed = store.updateGroup(
                g.id(), new AffinityGroupSpec("web2", "d", "anti-affinity", "should", null, null), "x");
        assertEquals("web2", renamed.name());
        assertEquals("should", renamed.enforcement());
        assertEquals(2, renamed.vmIds().size());

        store.deleteGroup(g.id(), "alice");
        assertTrue(store.group(g.id()).isEmpty());
        assertTrue(store.groups(cluster.id()).isEmpty());
        // create, one add, one removal, the change, the deletion: an add that changes nothing is not recorded
        assertEquals(
                5,
                repo.history(JdbcAffinityStore.GROUP, g.id(), new org.strata.api.PageRequest(0, 50))
                        .items()
                        .size());
    }

    @Test
    public void aVmOutsideTheClusterOrUnknownIsInvalid() {
        StrataException e = assertThrows(
                StrataException.class,
                () -> store.createGroup(cluster.id(), spec("web", "affinity", "must", a, outside), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("'outside' is not in the group's cluster"));
        e = assertThrows(
                StrataException.class,
                () -> store.createGroup(cluster.id(), spec("web", "affinity", "must", "no-such-vm"), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        e = assertThrows(
                StrataException.class,
                () -> store.createGroup(cluster.id(), spec("web", "sideways", "must", a), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        e = assertThrows(StrataException.class, () -> store.groups("no-such-cluster"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    @Test
    public void mustRulesThatContradictAreAConflict() {
        store.createGroup(cluster.id(), spec("together", "affinity", "must", a, b), "alice");
        store.createGroup(cluster.id(), spec("chain", "affinity", "must", b, c), "alice");
        StrataException e = assertThrows(
                StrataException.class,
                () -> store.createGroup(cluster.id(), spec("apart", "anti-affinity", "must", a, c), "alice"));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("'a' and 'c' must share a host"));
        assertTrue(e.getMessage(), e.getMessage().contains("group 'apart'"));
        // A should rule may pull the other way: placement weighs it.
        store.createGroup(cluster.id(), spec("apart", "anti-affinity", "should", a, c), "alice");
        // Adding to an existing must-anti-affinity group is checked the same way.
        AffinityGroup anti = store.createGroup(cluster.id(), spec("anti", "anti-affinity", "must", a), "alice");
        e = assertThrows(StrataException.class, () -> store.addVm(anti.id(), c, "alice"));
        assertEquals(ErrorCode.CONFLICT, e.code());
        // Same name twice in a cluster.
        e = assertThrows(
                StrataException.class,
                () -> store.createGroup(cluster.id(), spec("anti", "anti-affinity", "must"), "alice"));
        assertEquals(ErrorCode.CONFLICT, e.code());
    }

    @Test
    public void mustHostRulesThatContradictAreAConflict() {
        store.createGroup(
                cluster.id(),
                new AffinityGroupSpec("on-gpu", null, "affinity", "must", List.of(a), Map.of("gpu", "true", "r", "1")),
                "alice");
        StrataException e = assertThrows(
                StrataException.class,
                () -> store.createGroup(
                        cluster.id(),
                        new AffinityGroupSpec(
                                "off-gpu", null, "anti-affinity", "must", List.of(a), Map.of("gpu", "true")),
                        "alice"));
        assertEquals(ErrorCode.CONFLICT, e.code());
    }

    @Test
    public void deletingAVmRemovesItsMemberships() {
        AffinityGroup g = store.createGroup(cluster.id(), spec("web", "anti-affinity", "must", a, b), "alice");
        repo.deleteVm(a, "alice");
        assertEquals(List.of(b), store.group(g.id()).orElseThrow().vmIds());
    }
}

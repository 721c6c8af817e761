package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;

/**
 * The HA commands, parsed by Karaf's own parser and run over an HA service double that records what it is asked:
 * the spec each option makes, what the commands print (names beside ids), their one-line errors, and what they say
 * while the datacenter layer is not running.
 */
public class HaCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    private final ServicesForTests.VmServiceForTests vms = new ServicesForTests.VmServiceForTests();
    private final ServicesForTests.InventoryServiceForTests inventory = new ServicesForTests.InventoryServiceForTests();
    private final HaServiceForTests ha = new HaServiceForTests();

    /** Settings as they were last set; specs as they were given; the cluster c-1 with hosts h-1 and h-2. */
    static final class HaServiceForTests implements HaService {
        final List<Object> specs = new ArrayList<>();
        VmHa vm = VmHa.disabled("vm-1");
        ClusterHa cluster = ClusterHa.disabled("c-1");
        final List<HostHa> hosts = List.of(
                new HostHa("h-1", "kvm1", "c-1", HostHaState.FENCED, "BMC reads it off", T0, false, "free", "off"),
                new HostHa("h-2", "kvm2", "c-1", HostHaState.UP, "its hypervisor answers", T0, true, "none", "on"));
        final Failover failover = new Failover(
                "fo-1",
                "h-1",
                "c-1",
                FailoverState.INCOMPLETE,
                "bmc",
                "hypervisor silent",
                T0,
                T0.plusSeconds(12),
                null,
                List.of(
                        new FailoverVm("vm-1", "web", HaPriority.HIGH, "RUNNING", "h-1", "restarted", "t-9", T0),
                        new FailoverVm(
                                "vm-2", "db", HaPriority.LOW, "UNPLACED", null, "no host can take it", null, null)));
        final List<Object> failoverQueries = new ArrayList<>();

        @Override
        public VmHa vmHa(String vmId) {
            if (!vmId.equals("vm-1")) {
                throw StrataException.notFound("VM", vmId);
            }
            return vm;
        }

        @Override
        public VmHa setVmHa(String vmId, VmHaSpec spec, String principal) {
            VmHa before = vmHa(vmId);
            specs.add(spec);
            vm = new VmHa(
                    vmId,
                    spec.enabled() == null ? before.enabled() : spec.enabled(),
                    spec.priority() == null ? before.priority() : spec.priority(),
                    spec.after() == null ? before.after() : spec.after());
            return vm;
        }

        @Override
        public ClusterHa clusterHa(String clusterId) {
            if (!clusterId.equals("c-1")) {
                throw StrataException.notFound("cluster", clusterId);
            }
            return cluster;
        }

        @Override
        public ClusterHa setClusterHa(String clusterId, ClusterHaSpec spec, String principal) {
            ClusterHa before = clusterHa(clusterId);
            specs.add(spec);
            if (spec.hostFailures() != null && spec.hostFailures() > 1) {
                throw StrataException.conflict("admission control HOST_FAILURES: 2 hosts cannot survive 2 failures");
            }
            cluster = new ClusterHa(
                    clusterId,
                    spec.enabled() == null ? before.enabled() : spec.enabled(),
                    spec.admission() == null ? before.admission() : spec.admission(),
                    spec.hostFailures() == null ? before.hostFailures() : spec.hostFailures(),
                    spec.cpuPercent() == null ? before.cpuPercent() : spec.cpuPercent(),
                    spec.memoryPercent() == null ? before.memoryPercent() : spec.memoryPercent(),
                    spec.failoverHosts() == null ? before.failoverHosts() : spec.failoverHosts(),
                    spec.leaseDirectory() == null
                            ? before.leaseDirectory()
                            : spec.leaseDirectory().isEmpty() ? null : spec.leaseDirectory());
            return cluster;
        }

        @Override
        public List<HostHa> hosts(String clusterId) {
            return hosts;
        }

        @Override
        public HostHa host(String hostId) {
            return hosts.stream()
                    .filter(h -> h.hostId().equals(hostId))
                    .findFirst()
                    .orElseThrow(() -> StrataException.notFound("host", hostId));
        }

        @Override
        public Page<Failover> failovers(String hostId, PageRequest page) {
            failoverQueries.add(hostId == null ? "all" : hostId);
            failoverQueries.add(page);
            return new Page<>(List.of(failover), page.offset(), page.limit(), 1);
        }

        @Override
        public Failover failover(String id) {
            if (!id.equals("fo-1")) {
                throw StrataException.notFound("failover", id);
            }
            return failover;
        }
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** Parses the arguments into the command, gives it the doubles as Karaf would, and runs it. */
    private Result run(StrataAction action, boolean layerRunning, Object... args) throws Exception {
        assertTrue(new DefaultActionPreparator().prepare(action, session(), List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(vms, inventory, ha)) {
                        if (f.getType().isInstance(service) && (layerRunning || service != ha)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        return ActionRunner.run(action);
    }

    private Result run(StrataAction action, Object... args) throws Exception {
        return run(action, true, args);
    }

    private static String ok(Result result) {
        assertNull(result.out() + result.failure(), result.failure());
        return result.out();
    }

    @Test
    public void vmHaShowsTheSettingsAndChangesThemOnlyWhenAnOptionIsGiven() throws Exception {
        String shown = ok(run(new VmHaCommand(), "vm-1"));
        assertTrue(shown, shown.contains("web (vm-1)"));
        assertTrue(shown, shown.contains("disabled"));
        assertTrue(shown, shown.contains("medium"));
        assertEquals(List.of(), ha.specs);

        String changed = ok(run(new VmHaCommand(), "--enable", "--priority", "high", "--after", "vm-a, vm-1", "vm-1"));
        assertEquals(List.of(new VmHaSpec(true, HaPriority.HIGH, List.of("vm-a", "vm-1"))), ha.specs);
        assertTrue(changed, changed.contains("enabled"));
        assertTrue(changed, changed.contains("high"));
        assertTrue(changed, changed.contains("vm-a") && changed.contains("web (vm-1)"));

        ok(run(new VmHaCommand(), "--disable", "--after", "none", "vm-1"));
        assertEquals(new VmHaSpec(false, null, List.of()), ha.specs.get(1));
        assertEquals(new VmHa("vm-1", false, HaPriority.HIGH, List.of()), ha.vm);

        assertEquals(
                "INVALID_INPUT: --priority must be one of high|medium|low, was 'urgent'",
                run(new VmHaCommand(), "--priority", "urgent", "vm-1").failure());
        assertEquals(
                "INVALID_INPUT: give --enable or --disable, not both",
                run(new VmHaCommand(), "--enable", "--disable", "vm-1").failure());
        assertEquals(
                "NOT_FOUND: VM 'vm-9' does not exist",
                run(new VmHaCommand(), "vm-9").failure());
        assertEquals(2, ha.specs.size());
    }

    @Test
    public void clusterHaTurnsEachOptionIntoTheSpecAndShowsThePolicysFigures() throws Exception {
        String shown = ok(run(new ClusterHaCommand(), "c-1"));
        assertTrue(shown, shown.contains("disabled") && shown.contains("none (a host whose BMC"));

        String set = ok(run(
                new ClusterHaCommand(),
                "--enable",
                "--admission",
                "failover-hosts",
                "--failover-hosts",
                "h-1,h-2",
                "--lease-directory",
                "/srv/strata/leases",
                "c-1"));
        assertEquals(
                new ClusterHaSpec(
                        true, Admission.FAILOVER_HOSTS, null, null, null, List.of("h-1", "h-2"), "/srv/strata/leases"),
                ha.specs.get(0));
        assertTrue(set, set.contains("failover-hosts"));
        assertTrue(set, set.contains("kvm1 (h-1), h-2")); // h-2 is unknown to the inventory: shown by id
        assertTrue(set, set.contains("/srv/strata/leases"));

        String pct = ok(run(
                new ClusterHaCommand(),
                "--admission",
                "PERCENTAGE",
                "--cpu-percent",
                "30",
                "--memory-percent",
                "40",
                "--lease-directory",
                "none",
                "c-1"));
        assertEquals(new ClusterHaSpec(null, Admission.PERCENTAGE, null, 30, 40, null, ""), ha.specs.get(1));
        assertTrue(pct, pct.contains("30%") && pct.contains("40%"));
        assertEquals(null, ha.cluster.leaseDirectory());

        assertEquals(
                "CONFLICT: admission control HOST_FAILURES: 2 hosts cannot survive 2 failures",
                run(new ClusterHaCommand(), "--admission", "host-failures", "--host-failures", "2", "c-1")
                        .failure());
        assertEquals(
                "INVALID_INPUT: --admission must be one of none|host-failures|percentage|failover-hosts, was 'all'",
                run(new ClusterHaCommand(), "--admission", "all", "c-1").failure());
        assertEquals(
                "NOT_FOUND: cluster 'c-9' does not exist",
                run(new ClusterHaCommand(), "c-9").failure());
    }

    @Test
    public void haHostsShowsEachHostsStateAndSignals() throws Exception {
        String one = ok(run(new HaHosts(), "c-1"));
        assertTrue(one, one.contains("kvm1 (h-1)") && one.contains("FENCED") && one.contains("BMC reads it off"));
        assertTrue(one, one.contains("silent") && one.contains("free") && one.contains("off"));
        assertTrue(one, one.contains("kvm2 (h-2)") && one.contains("answers"));
        assertTrue(one, one.contains("2026-12-06T03:00:00Z"));
        assertTrue(one, !one.contains("Cluster"));
        String all = ok(run(new HaHosts()));
        assertTrue(all, all.contains("Cluster") && all.contains("c-1"));
        assertEquals(
                "NOT_FOUND: cluster 'c-9' does not exist",
                run(new HaHosts(), "c-9").failure());
    }

    @Test
    public void failoverListAndInfoShowTheFailoverAndItsVms() throws Exception {
        String list = ok(run(new FailoverList(), "--host", "h-1", "--limit", "5"));
        assertEquals(List.of("h-1", new PageRequest(0, 5)), ha.failoverQueries);
        assertTrue(list, list.contains("fo-1") && list.contains("kvm1") && list.contains("INCOMPLETE"));
        assertTrue(list, list.contains("1/2"));
        assertTrue(list, list.contains("Showing 1-1 of 1"));
        assertTrue(ok(run(new FailoverList(), "--ids")).contains("h-1"));

        String info = ok(run(new FailoverInfo(), "fo-1"));
        assertTrue(info, info.contains("kvm1 (h-1)") && info.contains("bmc") && info.contains("1 of 2"));
        assertTrue(info, info.contains("web (vm-1)") && info.contains("high") && info.contains("RUNNING"));
        assertTrue(
                info, info.contains("db (vm-2)") && info.contains("UNPLACED") && info.contains("no host can take it"));
        assertEquals(
                "NOT_FOUND: failover 'fo-9' does not exist",
                run(new FailoverInfo(), "fo-9").failure());
    }

    @Test
    public void everyHaCommandSaysTheLayerIsNotRunning() throws Exception {
        for (StrataAction command : List.of(
                new VmHaCommand(), new ClusterHaCommand(), new HaHosts(), new FailoverList(), new FailoverInfo())) {
            Object[] args = command instanceof FailoverList
                    ? new Object[0]
                    : command instanceof HaHosts ? new Object[] {"c-1"} : new Object[] {"x-1"};
            String failure = run(command, false, args).failure();
            assertTrue(
                    command.getClass().getSimpleName() + ": " + failure,
                    failure.startsWith("UNAVAILABLE: the datacenter layer is not running"));
        }
    }
}

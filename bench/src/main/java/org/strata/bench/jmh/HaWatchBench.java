package org.strata.bench.jmh;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.api.datacenter.Cluster;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.InventoryService;
import org.strata.datacenter.ha.HaManager;
import org.strata.datacenter.ha.LeaseFiles;
import org.strata.engine.EventFeed;
import org.strata.engine.HostProbe;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * What HA's watch costs (issue 19, docs/ha.md): one round over every host of {@code hosts} hosts in HA clusters of 50,
 * all answering, on a fresh embedded H2 repository, with {@code workers} looking at hosts in parallel; and the reading
 * of one suspect host's leases (20 HA VMs, lease files on a local disk). A round happens every second; its cost per host
 * is the round's time divided by the hosts.
 *
 * <p>The hosts' answer is a stand-in that says "alive" at once: what asking costs depends on the driver (libvirt's
 * {@code virConnectIsAlive}, no round trip, measured at about 73 µs a call through JNA: see docs/ha.md), not on the
 * watch. The inventory service is not asked for hosts that answer. Run with {@code bench/jmh.sh ha}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HaWatchBench {

    private static final String PRINCIPAL = "bench";

    @Param({"1000", "10000"})
    public int hosts;

    private Path dir;
    private JdbcConfigRepository repository;
    private HaManager ha;
    private String leases;
    private List<String> vmIds;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("strata-ha-bench");
        repository = new JdbcConfigRepository(
                new DatabaseSettings(
                        "jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE",
                        "sa",
                        "",
                        8),
                dir.resolve("strata-secret.key"));
        String datacenterId = repository
                .createDatacenter(new DatacenterSpec("dc-bench", null), PRINCIPAL)
                .id();
        Cluster cluster = null;
        for (int h = 0; h < hosts; h++) {
            if (h % 50 == 0) {
                cluster = repository
                        .clusterStore()
                        .createCluster(
                                new Cluster(
                                        UUID.randomUUID().toString(),
                                        datacenterId,
                                        "c" + h,
                                        null,
                                        "balanced",
                                        "manual",
                                        3,
                                        5,
                                        1,
                                        4.0,
                                        1.0,
                                        Instant.now()),
                                PRINCIPAL);
                repository
                        .haStore()
                        .putClusterHa(
                                new ClusterHa(cluster.id(), true, Admission.NONE, 1, 25, 25, List.of(), null),
                                PRINCIPAL);
            }
            StoredHost host = repository.createHost(
                    new HostSpec(
                            String.format("h%05d", h),
                            datacenterId,
                            null,
                            "kvm",
                            "test:///tmp/h" + h + ".xml",
                            null,
                            null,
                            null,
                            HostKind.HYPERVISOR),
                    PRINCIPAL);
            repository.clusterStore().addMember(cluster.id(), host.id(), Map.of(), PRINCIPAL);
        }
        HostProbe alive = hostId -> true;
        ha = new HaManager(
                repository.haStore(),
                repository.clusterStore(),
                repository,
                unused(InventoryService.class),
                null,
                null,
                unused(EventFeed.class),
                alive,
                null,
                null,
                null,
                null,
                Clock.systemUTC(),
                new HaManager.Settings(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        3,
                        Duration.ofHours(1),
                        16,
                        Duration.ofSeconds(2)),
                false);
        ha.watchRoundAndWait();
        leases = dir.resolve("leases").toString();
        vmIds = new ArrayList<>();
        for (int v = 0; v < 20; v++) {
            String id = UUID.randomUUID().toString();
            LeaseFiles.ensure(leases, id);
            vmIds.add(id);
        }
    }

    /** What the watch never needs of these when every host answers: any call is a failure of the benchmark. */
    private static <T> T unused(Class<T> type) {
        return type.cast(
                Proxy.newProxyInstance(HaWatchBench.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                    throw new IllegalStateException(m.getName() + " called on a host that answers");
                }));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ha.deactivateForTests();
        repository.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One round of the watch over every host. */
    @Benchmark
    public void watchRound() {
        ha.watchRoundAndWait();
    }

    /** A suspect host's 20 HA VMs' leases read (each locked and released at once): what deciding costs beyond it. */
    @Benchmark
    public int leasesOfASuspectHost() {
        int free = 0;
        for (String id : vmIds) {
            if (LeaseFiles.read(leases, id) == LeaseFiles.Lease.FREE) {
                free++;
            }
        }
        return free;
    }
}

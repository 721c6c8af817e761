package org.strata.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostSpec;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The configuration repository's reads that the REST lists and the synchronizer make, over the embedded H2 file
 * database Strata uses by default, filled with {@code hosts} hosts of {@code vmsPerHost} VMs each.
 *
 * <p>Seeding goes through the public write methods (a host's VMs in one transaction, as the synchronizer records
 * them), so the rows, the history and the JSON are exactly what a running Strata writes; the time it took is printed at the start of each fork.
 * Run through {@code bench/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RepositoryBench {

    private static final String PRINCIPAL = "bench";
    private static final int PAGE = 50;

    @Param({"100", "1000", "10000"})
    public int hosts;

    @Param("20")
    public int vmsPerHost;

    private Path dir;
    private JdbcConfigRepository repository;
    private Seeded seeded;

    /** What the benchmarks pick their arguments from. */
    private record Seeded(List<String> hostIds, List<String> vmIds) {}

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("strata-repository-bench");
        // The URL and pool size of the component's defaults, plus one setting. H2 hands a query the result of its
        // last run on the same session when the parameters match and no table it reads has changed since: on this
        // database, which nothing writes once seeded, every repeated page would be that copy (some 100 times
        // faster at 1000 hosts), while a live inventory's VM rows change all the time. Off, each call is measured.
        repository = new JdbcConfigRepository(
                new DatabaseSettings(
                        "jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE",
                        "sa",
                        "",
                        8),
                dir.resolve("strata-secret.key"));
        long start = System.nanoTime();
        seeded = seed();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        System.out.printf(
                "%nSeeded %d hosts and %d VMs in %d s; database %d MiB%n",
                hosts, seeded.vmIds().size(), seconds, databaseBytes() >> 20);
    }

    private Seeded seed() {
        String datacenterId = repository
                .createDatacenter(new DatacenterSpec("dc-bench", null), PRINCIPAL)
                .id();
        List<String> hostIds = new ArrayList<>(hosts);
        List<String> vmIds = new ArrayList<>(hosts * vmsPerHost);
        for (int h = 0; h < hosts; h++) {
            String hostName = String.format("h%05d", h);
            StoredHost host = repository.createHost(
                    new HostSpec(hostName, datacenterId, null, "kvm", "test:///tmp/h" + h + ".xml", null, null),
                    PRINCIPAL);
            hostIds.add(host.id());
            // Every host of a running Strata has one: the host list reads it back for each host on the page.
            repository.updateHostInfo(host.id(), hostInfo(hostName));
            // The VMs of a host in one transaction, as the synchronizer records a host just added.
            List<NewVm> vms = new ArrayList<>(vmsPerHost);
            for (int v = 0; v < vmsPerHost; v++) {
                String id = UUID.randomUUID().toString();
                vms.add(new NewVm(
                        id,
                        UUID.randomUUID().toString(),
                        VmSpec.of(String.format("vm-%05d-%02d", h, v), 2, 2048),
                        v % 2 == 0 ? VmState.RUNNING : VmState.STOPPED,
                        false));
                vmIds.add(id);
            }
            repository.createVms(host.id(), vms, PRINCIPAL);
        }
        return new Seeded(List.copyOf(hostIds), List.copyOf(vmIds));
    }

    private static HostInfo hostInfo(String hostname) {
        return new HostInfo(
                hostname,
                "QEMU",
                "8.2.2",
                "AMD EPYC 7543",
                64,
                262_144,
                List.of(new HostInfo.NumaNode(0, 32, 131_072), new HostInfo.NumaNode(1, 32, 131_072)),
                Set.of("kvm", "qemu"),
                Set.of("vm.lifecycle", "vm.console", "vm.migrate", "host.info"),
                Instant.now());
    }

    private long databaseBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        repository.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            // Children before their directory.
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private String randomHostId() {
        List<String> ids = seeded.hostIds();
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    @Benchmark
    public Page<VirtualMachine> vmsFirstPage() {
        return repository.vms(null, new PageRequest(0, PAGE));
    }

    @Benchmark
    public Page<VirtualMachine> vmsDeepPage() {
        return repository.vms(null, new PageRequest(seeded.vmIds().size() / 2, PAGE));
    }

    @Benchmark
    public Page<VirtualMachine> vmsOfOneHostPage() {
        // A fixed host, so that runs differ by the query alone, not by where its rows lie.
        return repository.vms(seeded.hostIds().get(seeded.hostIds().size() / 2), new PageRequest(0, PAGE));
    }

    @Benchmark
    public Page<StoredHost> hostsFirstPage() {
        return repository.hosts(null, new PageRequest(0, PAGE));
    }

    /** The REST host list as it was: one page, then one more query per host for what it last reported (N+1). */
    @Benchmark
    public List<Optional<HostInfo>> hostsPageWithInfo() {
        Page<StoredHost> page = repository.hosts(null, new PageRequest(0, PAGE));
        List<Optional<HostInfo>> infos = new ArrayList<>(page.items().size());
        for (StoredHost host : page.items()) {
            infos.add(repository.hostInfo(host.id()));
        }
        return infos;
    }

    /** The REST host list as it is: one page, then the reports of all its hosts in one query. */
    @Benchmark
    public Map<String, HostInfo> hostsPageWithInfos() {
        Page<StoredHost> page = repository.hosts(null, new PageRequest(0, PAGE));
        return repository.hostInfos(page.items().stream().map(StoredHost::id).toList());
    }

    @Benchmark
    public Optional<VirtualMachine> vmById() {
        List<String> ids = seeded.vmIds();
        return repository.vm(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }

    @Benchmark
    public List<VirtualMachine> vmsOfHost() {
        return repository.vmsOfHost(randomHostId());
    }
}

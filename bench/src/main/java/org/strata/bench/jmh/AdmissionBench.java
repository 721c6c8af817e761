package org.strata.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.VmHa;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Ledger;
import org.strata.engine.VmClaim;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.VolumeStore;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The admission check a VM create and a VM start pay when the datacenter layer runs ({@link Ledger#admit}): the
 * pool tree of the VM's cluster and its tenant's quota, read from a fresh embedded H2 repository holding one cluster
 * of {@code hosts} hosts with {@code vmsPerHost} VMs each (half running), all in one tenant's pool. What a create pays
 * on top of its task (defining the VM on the hypervisor) and of placement.
 *
 * <p>The inventory service core gives the layer is stood in for by the repository's own host and host-info reads
 * (what core's {@code InventoryManager.host} does, without its in-memory contact state): a stand-in, named so, because
 * core's component needs the whole platform. Run with {@code bench/jmh.sh admission}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdmissionBench {

    private static final String PRINCIPAL = "bench";

    @Param({"100", "1000"})
    public int hosts;

    @Param("20")
    public int vmsPerHost;

    /**
     * The cluster's HA admission control (issue 19): {@code off} (no HA settings: one read of them per start), or
     * {@code HOST_FAILURES} (HA on, one host failure tolerated, the VMs of every tenth host HA VMs: the start reads
     * their settings and counts the whole cluster's load).
     */
    @Param({"off", "HOST_FAILURES"})
    public String ha;

    private Path dir;
    private JdbcConfigRepository repository;
    private Ledger ledger;
    private String poolId;
    private String clusterId;
    private DatacenterView view;
    private String hostId;
    private String stoppedVmId;
    private String seenPath;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("strata-admission-bench");
        repository = new JdbcConfigRepository(
                new DatabaseSettings(
                        "jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE",
                        "sa",
                        "",
                        8),
                dir.resolve("strata-secret.key"));
        long start = System.nanoTime();
        String datacenterId = repository
                .createDatacenter(new DatacenterSpec("dc-bench", null), PRINCIPAL)
                .id();
        Cluster cluster = repository
                .clusterStore()
                .createCluster(
                        new Cluster(
                                UUID.randomUUID().toString(),
                                datacenterId,
                                "bench",
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
        String tenantId = repository
                .tenantStore()
                .createTenant(new TenantSpec("bench", null, new Quota(null, null, null, Long.MAX_VALUE / 2)), PRINCIPAL)
                .id();
        poolId = repository
                .createPool(
                        new PoolSpec(
                                datacenterId,
                                null,
                                "bench-pool",
                                null,
                                null,
                                null,
                                cluster.id(),
                                tenantId,
                                null,
                                null,
                                hosts,
                                hosts * 1024L,
                                true),
                        PRINCIPAL)
                .id();
        // Every VM has one disk on a volume of a storage host, known to the volume record, as quotas count storage.
        StoredHost nas = repository.createHost(
                new HostSpec(
                        "nas", datacenterId, null, "libvirt-dir", "test:///nas", null, null, null, HostKind.STORAGE),
                PRINCIPAL);
        List<VolumeStore.SeenVolume> volumes = new ArrayList<>();
        List<String> haHosts = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String hostName = String.format("h%05d", h);
            StoredHost host = repository.createHost(
                    new HostSpec(
                            hostName,
                            datacenterId,
                            null,
                            "kvm",
                            "test:///tmp/h" + h + ".xml",
                            null,
                            null,
                            null,
                            HostKind.HYPERVISOR),
                    PRINCIPAL);
            repository.updateHostInfo(host.id(), hostInfo(hostName));
            repository.clusterStore().addMember(cluster.id(), host.id(), Map.of(), PRINCIPAL);
            List<NewVm> vms = new ArrayList<>(vmsPerHost);
            for (int v = 0; v < vmsPerHost; v++) {
                String id = UUID.randomUUID().toString();
                boolean running = v % 2 == 0;
                vms.add(new NewVm(
                        id,
                        id,
                        withDisk(String.format("vm-%05d-%02d", h, v), volumes, nas.id()),
                        running ? VmState.RUNNING : VmState.STOPPED,
                        true,
                        poolId));
                if (!running) {
                    stoppedVmId = id;
                }
            }
            repository.createVms(host.id(), vms, PRINCIPAL);
            hostId = host.id();
            if (h % 10 == 0) {
                haHosts.add(host.id());
            }
        }
        repository.volumeStore().recordPool(nas.id(), "images", volumes);
        // The storage pool is seen by the whole cluster: what placement's storage filter asks for each decision.
        repository.volumeStore().attach(new VolumeStore.Attachment(nas.id(), "images", cluster.id(), null));
        seenPath = volumes.get(0).path();
        if (!repository.volumeStore().seenBy(List.of(seenPath)).containsKey(seenPath)) {
            throw new IllegalStateException(
                    "the benchmark's disk is on no attached pool: storageSeen would measure nothing");
        }
        clusterId = cluster.id();
        view = new DatacenterView(repository, repository.clusterStore(), repository, inventoryFrom(repository));
        if (!ha.equals("off")) {
            repository
                    .haStore()
                    .putClusterHa(
                            new ClusterHa(cluster.id(), true, Admission.valueOf(ha), 1, 25, 25, List.of(), null),
                            PRINCIPAL);
            for (String haHost : haHosts) {
                for (VirtualMachine vm : repository.vmsOfHost(haHost)) {
                    repository.haStore().putVmHa(new VmHa(vm.id(), true, HaPriority.MEDIUM, List.of()), PRINCIPAL);
                }
            }
        }
        ledger = new Ledger(
                view,
                repository.tenantStore(),
                inventoryFrom(repository),
                repository.affinityStore(),
                repository.volumeStore(),
                repository.haStore());
        System.out.printf(
                "%nSeeded %d hosts and %d VMs in %d s%n",
                hosts, hosts * vmsPerHost, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    /** Core's inventory service as the layer uses it: a host is its stored row and its last report. */
    private static InventoryService inventoryFrom(JdbcConfigRepository repository) {
        return (InventoryService) Proxy.newProxyInstance(
                AdmissionBench.class.getClassLoader(), new Class<?>[] {InventoryService.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "host" -> {
                            String id = (String) args[0];
                            StoredHost h = repository.host(id).orElseThrow(() -> StrataException.notFound("host", id));
                            return host(h, repository.hostInfo(id).orElse(null));
                        }
                        case "hosts" -> {
                            // As core reads a page: the hosts, then one query for the reports of the whole page.
                            Page<StoredHost> page = repository.hosts((String) args[0], (PageRequest) args[1]);
                            Map<String, HostInfo> infos = repository.hostInfos(
                                    page.items().stream().map(StoredHost::id).toList());
                            return page.map(h -> host(h, infos.get(h.id())));
                        }
                        case "datacenter" -> {
                            return repository.datacenter((String) args[0]).orElseThrow();
                        }
                        default -> throw new UnsupportedOperationException(m.getName() + " is not used by admission");
                    }
                });
    }

    private static Host host(StoredHost h, HostInfo info) {
        return new Host(
                h.id(),
                h.name(),
                h.datacenterId(),
                h.poolId(),
                h.driverId(),
                h.address(),
                h.username(),
                h.hasPassword(),
                HostState.AVAILABLE,
                null,
                h.created(),
                info,
                h.bmcHostId(),
                h.kind());
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

    /** A 1-vCPU, 1 GiB VM whose 10 GiB disk is a volume of the storage host, recorded. */
    private static VmSpec withDisk(String name, List<VolumeStore.SeenVolume> volumes, String nasId) {
        String path = "/images/" + name + ".qcow2";
        volumes.add(new VolumeStore.SeenVolume(nasId, "images", name + ".qcow2", path, 10L << 30));
        return new VmSpec(
                name,
                1,
                1024,
                "hvm",
                List.of(new VmDisk("disk", path, "qcow2", "virtio", "vda", false)),
                List.of(),
                List.of(),
                List.of(),
                null,
                false,
                null);
    }

    /**
     * A create of a VM with a 10 GiB disk under a storage quota: the tenant's storage is summed from the volume record
     * over all its VMs (one read per 500 disk paths) on top of what {@link #create} pays.
     */
    @Benchmark
    public void createCountingStorage() {
        ledger.admit(new VmClaim(VmClaim.Kind.CREATE, "new-vm", "new-vm", hostId, poolId, 1, 1024, 10, PRINCIPAL))
                .close();
    }

    /**
     * Which hosts see one VM's disk (issue 18): the query placement's storage filter, a migration and a start
     * elsewhere make once per decision, for a pool attached to the whole cluster.
     */
    @Benchmark
    public Object storageSeen() {
        return repository.volumeStore().seenBy(List.of(seenPath));
    }

    /** A create of a 1-vCPU, 1 GiB VM in the pool: the pool tree and the tenant's quota. */
    @Benchmark
    public void create() {
        ledger.admit(new VmClaim(VmClaim.Kind.CREATE, "new-vm", "new-vm", hostId, poolId, 1, 1024, 0, PRINCIPAL))
                .close();
    }

    /** The read behind both: the cluster as the layer sees it (hosts, VMs, pools), nothing computed. */
    @Benchmark
    public Object readCluster() {
        return view.cluster(clusterId);
    }

    /** A start of a stopped VM of the pool: the pool tree and its host's capacity. */
    @Benchmark
    public void start() {
        ledger.admit(new VmClaim(VmClaim.Kind.START, stoppedVmId, "stopped", hostId, poolId, 1, 1024, 0, PRINCIPAL))
                .close();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        repository.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

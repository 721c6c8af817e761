package org.strata.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostSpec;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.monitoring.GuestSampler;
import org.strata.core.sessions.HostSessions;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * The guest sampler's cost at a fleet's size: VMS running VMs spread over HOSTS hosts in core's real H2 repository,
 * each VM's guest agent answered by a stand-in session (a real agent per VM cannot run here: the demo driver reports
 * no file systems, and 1,000 QEMU guests do not fit this machine). An answer costs AGENT_MS milliseconds of waiting,
 * as libvirt's round trip to a QEMU guest agent does (0 for the sampler's own cost alone); it has a host name, an
 * IPv4 and an IPv6 address and three file systems, whose use moves every round. Prints the time per round (median of
 * ROUNDS after one warm-up) and the heap the sampler keeps per VM (after a full GC, once every ring is full).
 * Run by {@code bench/guest-sampling.sh}.
 */
public final class GuestSampling {

    private GuestSampling() {}

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int hostCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        long agentNanos = Math.round((args.length > 3 ? Double.parseDouble(args[3]) : 0) * 1e6);
        int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int ring = 60;
        Path dir = Files.createTempDirectory("strata-guest-bench");
        try {
            JdbcConfigRepository repository = new JdbcConfigRepository(
                    new DatabaseSettings("jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0", "sa", "", 8),
                    dir.resolve("strata-secret.key"));
            EventLog events = new EventLog(repository);
            DriverRegistry drivers = new DriverRegistry(events);
            int[] round = {0};
            drivers.register(new StandInDriver(round, agentNanos), "bench", 1L);
            HostSessions sessions = new HostSessions(repository, drivers, events, Clock.systemUTC());
            String dc = repository
                    .createDatacenter(new DatacenterSpec("bench", null), "bench")
                    .id();
            for (int h = 0; h < hostCount; h++) {
                StoredHost host = repository.createHost(
                        new HostSpec("host-" + h, dc, null, "standin", "standin://" + h, null, null), "bench");
                List<NewVm> batch = new ArrayList<>();
                for (int v = h; v < vms; v += hostCount) {
                    String uuid = new UUID(h, v).toString();
                    batch.add(new NewVm(
                            UUID.randomUUID().toString(), uuid, VmSpec.of("vm-" + v, 1, 512), VmState.RUNNING, true));
                }
                repository.createVms(host.id(), batch, "bench");
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            GuestSampler sampler = new GuestSampler(
                    repository,
                    repository,
                    drivers,
                    sessions,
                    events,
                    Clock.systemUTC(),
                    Executors.newSingleThreadScheduledExecutor(),
                    new GuestSampler.Settings(Duration.ZERO, parallelism, 90, 5, 3, ring));
            try {
                round[0]++;
                sampler.sample(); // warm-up: sessions opened, classes loaded
                long[] millis = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    round[0]++;
                    long start = System.nanoTime();
                    sampler.sample();
                    millis[r] = (System.nanoTime() - start) / 1_000_000;
                }
                // Fill every ring, so that the heap is the steady state's.
                while (round[0] <= ring + 1) {
                    round[0]++;
                    sampler.sample();
                }
                long full = usedAfterGc(memory);
                int sampled = sampler.size();
                Arrays.sort(millis);
                System.out.printf(
                        Locale.ROOT,
                        "%d VMs on %d hosts, %d hosts at a time, agent answer %.1f ms: round median %d ms, min %d ms,"
                                + " max %d ms (%.3f ms a VM); %d VMs sampled%n",
                        vms,
                        hostCount,
                        parallelism,
                        agentNanos / 1e6,
                        millis[rounds / 2],
                        millis[0],
                        millis[rounds - 1],
                        millis[rounds / 2] / (double) vms,
                        sampled);
                sampler.close();
                sampler = null;
                long none = usedAfterGc(memory);
                System.out.printf(
                        Locale.ROOT,
                        "heap kept: %.1f KiB a VM with full rings (%d uses x 3 file systems), %.1f MiB in all%n",
                        (full - none) / 1024.0 / vms,
                        ring,
                        (full - none) / 1048576.0);
            } finally {
                if (sampler != null) {
                    sampler.close();
                }
                sessions.close();
                events.stop();
                repository.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A hypervisor driver whose sessions answer only what the sampler asks: host facts and guest agents. */
    private static final class StandInDriver implements HypervisorDriver {
        private final int[] round;
        private final long agentNanos;

        StandInDriver(int[] round, long agentNanos) {
            this.round = round;
            this.agentNanos = agentNanos;
        }

        @Override
        public DriverDescriptor descriptor() {
            return new DriverDescriptor(
                    "standin",
                    DriverKind.HYPERVISOR,
                    "bench",
                    "1",
                    "guest agent answers for the guest sampling bench",
                    EnumSet.of(Capability.VM_POWER),
                    Vocabulary.ANY);
        }

        @Override
        public HypervisorSession open(org.strata.spi.Endpoint endpoint) {
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "facts" ->
                    new HostFacts(
                            endpoint.address(),
                            "standin",
                            "1",
                            "bench",
                            64,
                            256L << 30,
                            List.of(),
                            Set.of("hvm"),
                            Set.of());
                case "guestInfo" -> answer((String) args[0]);
                case "alive" -> true;
                case "close" -> null;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "standin session " + endpoint.address();
                default ->
                    method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : fail(method.getName());
            };
            return (HypervisorSession) Proxy.newProxyInstance(
                    HypervisorSession.class.getClassLoader(), new Class<?>[] {HypervisorSession.class}, handler);
        }

        private static Object fail(String name) {
            throw new org.strata.spi.DriverException(
                    org.strata.spi.Fault.UNSUPPORTED, name + " is not part of the bench");
        }

        private GuestInfo answer(String vmId) {
            if (agentNanos > 0) {
                LockSupport.parkNanos(agentNanos);
            }
            int n = Math.floorMod(vmId.hashCode(), 60_000);
            int r = round[0];
            long gib = 1L << 30;
            return new GuestInfo(
                    true,
                    null,
                    Map.of("pretty-name", "Debian GNU/Linux 12 (bookworm)", "kernel-release", "6.1.0-28-amd64"),
                    "vm-" + n,
                    List.of(
                            new GuestInfo.Interface("lo", null, List.of(new GuestInfo.Address("127.0.0.1", 8))),
                            new GuestInfo.Interface(
                                    "ens3",
                                    null,
                                    List.of(
                                            new GuestInfo.Address(
                                                    "10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255), 16),
                                            new GuestInfo.Address("fd00::" + Integer.toHexString(n), 64)))),
                    new GuestInfo.Timezone("UTC", 0),
                    List.of(),
                    List.of(
                            new GuestInfo.FileSystem("/", "ext4", 20 * gib, (5 + (n + r) % 14) * gib),
                            new GuestInfo.FileSystem("/var", "ext4", 10 * gib, (2 + (n + r) % 7) * gib),
                            new GuestInfo.FileSystem("/boot", "ext2", gib / 2, gib / 8)));
        }
    }
}

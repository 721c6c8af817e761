package org.strata.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.strata.driver.kvm.KvmDriver;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * The driver's share of the fleet's periodic rounds, without Strata around it: the statistics round's calls
 * ({@code hostStats} and {@code runningVmStats} of every host) and the reconcile round's ({@code listVms} of every
 * host), over {@code hosts} libvirt {@code test:///} hosts written as the fleet benchmark writes them
 * ({@link SimulatedFleet#hostXml}), each opened through the kvm driver as Strata opens it. Needs libvirt0 only: no
 * distribution, no port. Hosts are sampled by {@code parallelism} threads, as the monitor and the synchronizer do
 * with their {@code *.parallelism} settings. Run it under JFR to see where a round's time goes.
 *
 * <p>Usage: RoundCost HOSTS [VMS_PER_HOST=20] [ROUNDS=5] [PARALLELISM=1]; bench/rounds.sh wraps it.
 */
public final class RoundCost {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The CPU time of the last {@link #round}, in ms; main's thread only. */
    private static double lastCpuMillis;

    private RoundCost() {}

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int vmsPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path dir = Files.createTempDirectory("strata-rounds-");
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        List<HypervisorSession> sessions = new ArrayList<>();
        try (EventLoop loop = new EventLoop()) {
            KvmDriver driver = new KvmDriver(loop);
            long t0 = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                Path file = dir.resolve("h" + h + ".xml");
                Files.writeString(file, SimulatedFleet.hostXml(h, vmsPerHost));
                sessions.add(driver.open(Endpoint.of("test://" + file)));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%d hosts x %d VMs opened in %.1f s; parallelism %d%n",
                    hosts,
                    vmsPerHost,
                    (System.nanoTime() - t0) / 1e9,
                    parallelism);
            List<double[]> warm = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                AtomicLong vms = new AtomicLong();
                double stats = round(pool, sessions, s -> {
                    s.hostStats();
                    vms.addAndGet(s.runningVmStats().size());
                });
                double statsCpu = lastCpuMillis;
                AtomicLong listed = new AtomicLong();
                double reconcile =
                        round(pool, sessions, s -> listed.addAndGet(s.listVms().size()));
                double reconcileCpu = lastCpuMillis;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: statistics %.0f ms wall, %.0f ms CPU (%d running VMs, %.1f us CPU each);"
                                + " reconcile %.0f ms wall, %.0f ms CPU (%d VMs, %.1f us CPU each)%n",
                        r + 1,
                        stats,
                        statsCpu,
                        vms.get(),
                        statsCpu * 1000 / Math.max(1, vms.get()),
                        reconcile,
                        reconcileCpu,
                        listed.get(),
                        reconcileCpu * 1000 / Math.max(1, listed.get()));
                if (r >= rounds / 2) {
                    warm.add(new double[] {stats, statsCpu, reconcile, reconcileCpu});
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "median of the last %d rounds: statistics %.0f ms wall, %.0f ms CPU; reconcile %.0f ms wall,"
                            + " %.0f ms CPU%n",
                    warm.size(),
                    median(warm, 0),
                    median(warm, 1),
                    median(warm, 2),
                    median(warm, 3));
        } finally {
            sessions.forEach(HypervisorSession::close);
            pool.shutdownNow();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * One round over every session, {@code work} per host, by the pool's threads; its wall time in ms. The process's
     * CPU time meanwhile goes to {@link #lastCpuMillis}: on a shared machine wall time says more about the others.
     */
    private static double round(ExecutorService pool, List<HypervisorSession> sessions, HostWork work)
            throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (HypervisorSession s : sessions) {
            done.add(pool.submit(() -> {
                work.run(s);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double wall = (System.nanoTime() - start) / 1e6;
        lastCpuMillis = (OS.getProcessCpuTime() - cpu) / 1e6;
        return wall;
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }

    @FunctionalInterface
    private interface HostWork {
        void run(HypervisorSession session) throws Exception;
    }
}

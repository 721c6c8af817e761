package org.strata.driver.ipmi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.strata.driver.ipmi.IpmiSimulators.Bmc;
import org.strata.spi.hardware.BmcSession;

/**
 * Measures the driver against ipmitool on ipmi_sim instances; not a test (no timed assertion). Run with
 * drivers/ipmi/bench/run.sh. Prints medians of session open + chassis status, and a power-status sweep of
 * many BMCs through the driver (parallel, bounded socket pool) against a shell loop of ipmitool.
 */
public final class IpmiBenchmark {

    private IpmiBenchmark() {}

    public static void main(String[] args) throws Throwable {
        int bmcs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        IpmiSimulators sim = new IpmiSimulators("bench", bmcs);
        sim.before();
        IpmiDriver driver = new IpmiDriver(threads);
        try {
            Bmc one = sim.get(0);
            try (BmcSession warm = driver.open(one.endpoint())) {
                warm.powerState();
            }
            long[] drv = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                try (BmcSession s = driver.open(one.endpoint())) {
                    s.powerState();
                }
                drv[i] = System.nanoTime() - t;
            }
            long[] tool = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                IpmiSimulators.ipmitool(one, "chassis", "status");
                tool[i] = System.nanoTime() - t;
            }
            System.out.printf(
                    "open session + chassis status + close, median of %d: driver %.1f ms, " + "ipmitool %.1f ms%n",
                    repetitions, median(drv), median(tool));
            long[] sensors = new long[repetitions];
            long[] sensorsTool = new long[repetitions];
            try (BmcSession s = driver.open(one.endpoint())) {
                s.sensors(); // walks and keeps the SDR
                for (int i = 0; i < repetitions; i++) {
                    long t = System.nanoTime();
                    s.sensors();
                    sensors[i] = System.nanoTime() - t;
                }
            }
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                IpmiSimulators.ipmitool(one, "sensor");
                sensorsTool[i] = System.nanoTime() - t;
            }
            System.out.printf(
                    "all 4 sensors with thresholds, median of %d: driver (open session) %.1f ms, "
                            + "ipmitool sensor %.1f ms%n",
                    repetitions, median(sensors), median(sensorsTool));

            int threadsBefore = Thread.activeCount();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t = System.nanoTime();
            List<Future<String>> states = new ArrayList<>();
            for (Bmc b : sim.all()) {
                states.add(pool.submit(() -> {
                    try (BmcSession s = driver.open(b.endpoint())) {
                        return s.powerState().name();
                    }
                }));
            }
            for (Future<String> f : states) {
                f.get();
            }
            double sweep = (System.nanoTime() - t) / 1e6;
            int threadsDuring = Thread.activeCount();
            pool.shutdown();

            // The floor of any sweep through Strata (issue 16): sessions already open, as the platform pools them,
            // and only the power status asked; how far concurrency helps when each answer costs the simulator a
            // fork of its chassis hook.
            List<BmcSession> open = new ArrayList<>();
            for (Bmc b : sim.all()) {
                open.add(driver.open(b.endpoint()));
            }
            try {
                for (int workers : new int[] {1, 4, 8, 16, 32}) {
                    ExecutorService warm = Executors.newFixedThreadPool(workers);
                    long[] runs = new long[5];
                    for (int r = 0; r < runs.length; r++) {
                        long w0 = System.nanoTime();
                        List<Future<String>> answers = new ArrayList<>();
                        for (BmcSession s : open) {
                            answers.add(warm.submit(() -> s.powerState().name()));
                        }
                        for (Future<String> f : answers) {
                            f.get();
                        }
                        runs[r] = System.nanoTime() - w0;
                    }
                    warm.shutdown();
                    System.out.printf(
                            "power-status sweep of %d BMCs on open sessions, %d workers: median of %d %.0f ms%n",
                            bmcs, workers, runs.length, median(runs));
                }
            } finally {
                open.forEach(BmcSession::close);
            }

            StringBuilder loop = new StringBuilder("for p in");
            for (Bmc b : sim.all()) {
                loop.append(' ').append(b.port());
            }
            loop.append("; do ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $p -U ")
                    .append(IpmiSimulators.USER)
                    .append(" -P ")
                    .append(IpmiSimulators.PASSWORD)
                    .append(" chassis power status >/dev/null; done");
            t = System.nanoTime();
            Process p = new ProcessBuilder("bash", "-c", loop.toString())
                    .inheritIO()
                    .start();
            p.waitFor();
            double shell = (System.nanoTime() - t) / 1e6;
            System.out.printf(
                    "power-status sweep of %d BMCs: driver %.0f ms (%d worker threads, %d pooled sockets, "
                            + "no driver threads; JVM threads %d -> %d), shell loop of ipmitool %.0f ms%n",
                    bmcs, sweep, threads, threads, threadsBefore, threadsDuring, shell);
        } finally {
            driver.deactivate();
            sim.after();
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return (s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0) / 1e6;
    }
}

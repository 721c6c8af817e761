package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;

/**
 * The fleet benchmark: a simulated datacenter built from real parts, registered with a running Strata through
 * its REST API and measured there, next to the raw tools on the same fleet in the same run.
 *
 * <p>The fleet: {@code hosts} libvirt {@code test:///} connections, each with a host file of its own holding
 * {@code vmsPerHost} domains (every other one running), and {@code bmcs} {@code ipmi_sim} BMCs on loopback
 * ports from {@code bmcBasePort} (started by bench/fleet.sh). Each measurement is printed and one CSV row per
 * run is appended to the results file; bench/fleet.sh draws the plot from it.
 *
 * <p>Usage: Fleet BASE_URL USER PASSWORD WORK_DIR HOSTS VMS_PER_HOST BMCS BMC_BASE_PORT BMC_PASSWORD STRATA_PID
 * LABEL RESULTS_CSV CLIENTS SHELL_SAMPLE
 */
public final class Fleet {

    private static final String API = "/api/v1";
    private static final int PAGE = 50;

    private final StrataClient strata;
    private final Path work;
    private final int hosts;
    private final int vmsPerHost;
    private final int bmcs;
    private final int bmcBasePort;
    private final String bmcPassword;
    private final long strataPid;
    private final int clients;
    private final int shellSample;
    private final Map<String, String> row = new LinkedHashMap<>();
    private final Random random = new Random(42);
    private final JvmSampler jvm;
    private final SimulatedFleet fleet;

    private Fleet(String[] a) {
        strata = new StrataClient(a[0], a[1], a[2]);
        work = Path.of(a[3]);
        hosts = Integer.parseInt(a[4]);
        vmsPerHost = Integer.parseInt(a[5]);
        bmcs = Integer.parseInt(a[6]);
        bmcBasePort = Integer.parseInt(a[7]);
        bmcPassword = a[8];
        strataPid = Long.parseLong(a[9]);
        clients = Integer.parseInt(a[12]);
        shellSample = Integer.parseInt(a[13]);
        jvm = new JvmSampler(strataPid);
        fleet = new SimulatedFleet(strata, work, hosts, vmsPerHost, clients);
        row.put("label", a[10]);
        row.put("hosts", Integer.toString(hosts));
        row.put("vms", Integer.toString(hosts * vmsPerHost));
        row.put("bmcs", Integer.toString(bmcs));
        row.put("clients", Integer.toString(clients));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 14) {
            System.err.println("usage: Fleet BASE_URL USER PASSWORD WORK_DIR HOSTS VMS_PER_HOST BMCS BMC_BASE_PORT"
                    + " BMC_PASSWORD STRATA_PID LABEL RESULTS_CSV CLIENTS SHELL_SAMPLE");
            System.exit(2);
        }
        Fleet fleet = new Fleet(args);
        fleet.run();
        fleet.append(Path.of(args[11]));
    }

    private void run() throws Exception {
        jvm.start();
        try {
            List<Path> files = fleet.hostFiles();
            List<String> hostIds = register(files);
            List<String> machineIds = discoverBmcs();
            latencies(hostIds);
            vmOperations(hostIds, files);
            vmSweep(hostIds, files);
            powerSweep(machineIds);
        } finally {
            jvm.stop();
        }
        jvm.settle(row);
        String home = System.getProperty("strata.home");
        // The embedded H2's folder; with the repository in PostgreSQL (STRATA_REPOSITORY=postgresql) there is none.
        if (home != null && Files.isDirectory(Path.of(home, "data", "strata"))) {
            long bytes;
            try (var files = Files.walk(Path.of(home, "data", "strata"))) {
                bytes = files.filter(Files::isRegularFile)
                        .mapToLong(f -> f.toFile().length())
                        .sum();
            }
            row.put("db_mb", Long.toString(bytes >> 20));
            System.out.printf(Locale.ROOT, "configuration repository on disk: %d MiB%n", bytes >> 20);
        } else {
            row.put("db_mb", ""); // the same columns as every other row
        }
    }

    // ---- the fleet

    // ---- 1. registering and inventorying the fleet

    private List<String> register(List<Path> files) throws Exception {
        SimulatedFleet.Registered r = fleet.register(files);
        long expected = (long) hosts * vmsPerHost;
        put("register_s", r.registerSeconds());
        put("inventory_s", r.inventorySeconds());
        System.out.printf(
                Locale.ROOT,
                "registered %d hosts through REST in %.2f s (%.0f hosts/s, %d clients);"
                        + " all %d VMs in the inventory after %.2f s (%.0f VMs/s)%n",
                hosts,
                r.registerSeconds(),
                hosts / r.registerSeconds(),
                clients,
                expected,
                r.inventorySeconds(),
                expected / r.inventorySeconds());
        jvm.mark("after inventory");
        return r.hostIds();
    }

    private List<String> discoverBmcs() throws Exception {
        if (bmcs == 0) {
            return List.of();
        }
        String dc = strata.getJson(API + "/datacenters?limit=1")
                .path("items")
                .get(0)
                .path("id")
                .asText();
        long t0 = System.nanoTime();
        JsonNode task = strata.task(strata.post(
                API + "/hardware/discoveries?wait=60",
                "{\"datacenterId\":\"" + dc
                        + "\",\"driverId\":\"ipmi\",\"addresses\":\"127.0.0.1\",\"ports\":\"" + bmcBasePort + "-"
                        + (bmcBasePort + bmcs - 1) + "\",\"credentials\":[{\"username\":\"admin\",\"password\":\""
                        + bmcPassword + "\"}]}"));
        double took = seconds(t0);
        List<String> machines = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page =
                    strata.getJson(API + "/hosts?limit=500&offset=" + offset).path("items");
            page.forEach(h -> {
                if (h.path("driverId").asText().equals("ipmi")) {
                    machines.add(h.path("id").asText());
                }
            });
            if (page.size() < 500) {
                break;
            }
        }
        if (machines.size() != bmcs) {
            throw new IllegalStateException("discovery found " + machines.size() + " of " + bmcs + " BMCs: " + task);
        }
        put("discover_s", took);
        System.out.printf(Locale.ROOT, "discovered %d BMCs through REST in %.2f s%n", bmcs, took);
        return machines;
    }

    // ---- 2. REST latency and throughput

    private void latencies(List<String> hostIds) throws Exception {
        long total = (long) hosts * vmsPerHost;
        List<String> vmIds = sampleVmIds(2_000);
        int requests = Math.max(400, 200 * clients);
        System.out.printf(
                Locale.ROOT, "REST latency, %d requests each, %d concurrent clients (ms):%n", requests, clients);
        System.out.printf(Locale.ROOT, "  %-34s %8s %8s %8s %10s%n", "request", "p50", "p99", "max", "requests/s");
        report("list", "GET /vms?limit=50 (first page)", latency(requests, clients, i -> API + "/vms?limit=" + PAGE));
        report(
                "deep",
                "GET /vms?offset=total/2&limit=50",
                latency(requests, clients, i -> API + "/vms?limit=" + PAGE + "&offset=" + (total / 2)));
        report(
                "filter",
                "GET /vms?host=H&limit=50",
                latency(
                        requests,
                        clients,
                        i -> API + "/vms?limit=" + PAGE + "&host=" + hostIds.get(random(hostIds.size()))));
        report("hosts", "GET /hosts?limit=50", latency(requests, clients, i -> API + "/hosts?limit=" + PAGE));
        report(
                "get",
                "GET /vms/{id}",
                latency(requests, clients, i -> API + "/vms/" + vmIds.get(random(vmIds.size()))));
        report("list1", "GET /vms?limit=50, one client", latency(requests / 2, 1, i -> API + "/vms?limit=" + PAGE));
        jvm.mark("after latency");
    }

    private synchronized int random(int bound) {
        return random.nextInt(bound);
    }

    /** VM ids from random pages of the inventory, for GETs of single VMs. */
    private List<String> sampleVmIds(int wanted) throws Exception {
        long total = (long) hosts * vmsPerHost;
        List<String> ids = new ArrayList<>();
        while (ids.size() < Math.min(wanted, total)) {
            long offset = (long) (random.nextDouble() * Math.max(1, total - 500));
            strata.getJson(API + "/vms?limit=500&offset=" + offset)
                    .path("items")
                    .forEach(vm -> ids.add(vm.path("id").asText()));
        }
        return ids;
    }

    private Latency latency(int requests, int concurrency, PathOf path) throws Exception {
        // Warm-up as many requests as are measured, with the same clients: Strata runs for months, so its steady
        // state is what counts, and with 160 requests the JIT's compilations (on the same 2 cores) still showed in
        // the first kind's 99th percentile.
        parallel(requests, concurrency, i -> {
            check(strata.get(path.of(i)), path.of(i));
            return null;
        });
        long[] nanos = new long[requests];
        long t0 = System.nanoTime();
        parallel(requests, concurrency, i -> {
            String p = path.of(i);
            long s = System.nanoTime();
            HttpResponse<String> r = strata.get(p);
            nanos[i] = System.nanoTime() - s;
            check(r, p);
            return null;
        });
        return new Latency(nanos, requests / seconds(t0));
    }

    private static void check(HttpResponse<String> r, String path) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    private void report(String key, String what, Latency l) {
        put(key + "_p50_ms", l.percentile(50));
        put(key + "_p99_ms", l.percentile(99));
        put(key + "_rps", l.perSecond());
        System.out.printf(
                Locale.ROOT,
                "  %-34s %8.2f %8.2f %8.2f %10.0f%n",
                what,
                l.percentile(50),
                l.percentile(99),
                l.percentile(100),
                l.perSecond());
    }

    // ---- 3. VM operations through REST against libvirt-java

    private void vmOperations(List<String> hostIds, List<Path> files) throws Exception {
        int runs = Math.min(20, hosts);
        // The first VM of each of the first hosts: running, on a host of its own.
        List<String> vms = new ArrayList<>();
        for (int h = 0; h < runs; h++) {
            JsonNode page = strata.getJson(API + "/vms?limit=" + vmsPerHost + "&host=" + hostIds.get(h))
                    .path("items");
            for (JsonNode vm : page) {
                if (vm.path("hypervisorId").asText().equals(SimulatedFleet.uuid(h, 0))) {
                    vms.add(vm.path("id").asText());
                }
            }
        }
        // Warm: the operations' own code (tasks, state writes, events) has not run in this JVM yet, and its first
        // runs measure the JIT rather than the path. OP_WARMUP power cycles of each VM first (5; 0 for issue 6's
        // figures, which timed the first operations).
        String warmup = System.getenv("OP_WARMUP");
        int warmRounds = warmup == null || warmup.isBlank() ? 5 : Integer.parseInt(warmup.trim());
        for (int round = 0; round < warmRounds; round++) {
            for (String vm : vms) {
                strata.task(strata.post(API + "/vms/" + vm + "/actions/poweroff?wait=60", ""));
                strata.task(strata.post(API + "/vms/" + vm + "/actions/start?wait=60", ""));
            }
        }
        List<Long> restOff = new ArrayList<>();
        List<Long> restOn = new ArrayList<>();
        for (String vm : vms) {
            long t0 = System.nanoTime();
            strata.task(strata.post(API + "/vms/" + vm + "/actions/poweroff?wait=60", ""));
            long t1 = System.nanoTime();
            strata.task(strata.post(API + "/vms/" + vm + "/actions/start?wait=60", ""));
            restOff.add(t1 - t0);
            restOn.add(System.nanoTime() - t1);
        }
        List<Long> directOff = new ArrayList<>();
        List<Long> directOn = new ArrayList<>();
        // A private test:/// connection of the same host file: the same domains, the same driver code path.
        Connect connect = new Connect("test://" + files.get(0), false);
        connect.setConnectionErrorCallback(new ErrorCallback());
        try {
            Domain domain = connect.domainLookupByUUIDString(SimulatedFleet.uuid(0, 0));
            for (int i = 0; i < runs + 2; i++) {
                long t0 = System.nanoTime();
                domain.destroy();
                long t1 = System.nanoTime();
                domain.create();
                if (i >= 2) {
                    directOff.add(t1 - t0);
                    directOn.add(System.nanoTime() - t1);
                }
            }
        } finally {
            connect.close();
        }
        // Throughput: every client power-cycles VMs of hosts of its own, all at once.
        long t0 = System.nanoTime();
        parallel(vms.size(), clients, i -> {
            String vm = vms.get(i);
            strata.task(strata.post(API + "/vms/" + vm + "/actions/poweroff?wait=60", ""));
            strata.task(strata.post(API + "/vms/" + vm + "/actions/start?wait=60", ""));
            return null;
        });
        double opsPerSecond = 2.0 * vms.size() / seconds(t0);
        double off = median(restOff), on = median(restOn), dOff = median(directOff), dOn = median(directOn);
        put("op_rest_ms", (off + on) / 2);
        put("op_direct_ms", (dOff + dOn) / 2);
        put("ops_per_s", opsPerSecond);
        System.out.printf(
                Locale.ROOT,
                "VM operations, median of %d after %d power cycles of warm-up (ms): power off REST %.2f / libvirt-java %.3f,"
                        + " start REST %.2f / libvirt-java %.3f; %.0f operations/s through REST with %d clients%n",
                runs,
                warmRounds * vms.size(),
                off,
                dOff,
                on,
                dOn,
                opsPerSecond,
                clients);
    }

    // ---- 4. fleet sweeps against the shell loops

    private void vmSweep(List<String> hostIds, List<Path> files) throws Exception {
        AtomicInteger listed = new AtomicInteger();
        long t0 = System.nanoTime();
        parallel(hostIds.size(), clients, i -> {
            HttpResponse<String> r = strata.get(API + "/hosts/" + hostIds.get(i) + "/vms");
            check(r, "/hosts/{id}/vms");
            listed.addAndGet(strata.json().readTree(r.body()).size());
            return null;
        });
        double strataMs = seconds(t0) * 1000;
        if (listed.get() != hosts * vmsPerHost) {
            throw new IllegalStateException("the sweep listed " + listed + " VMs, not " + hosts * vmsPerHost);
        }
        int sample = Math.min(shellSample, hosts);
        List<String> args = new ArrayList<>();
        files.subList(0, sample).forEach(f -> args.add("test://" + f));
        double shellMs = shell("for uri in \"$@\"; do virsh -c \"$uri\" list --all >/dev/null || exit 1; done", args)
                * hosts
                / sample;
        put("sweep_vm_strata_ms", strataMs);
        put("sweep_vm_shell_ms", shellMs);
        put("sweep_vm_ratio", shellMs / strataMs);
        System.out.printf(
                Locale.ROOT,
                "VM list of every host: Strata (GET /hosts/{id}/vms, %d clients) %.0f ms,"
                        + " virsh loop %.0f ms%s: %.1f x%n",
                clients,
                strataMs,
                shellMs,
                sample < hosts ? " (timed on " + sample + " hosts, scaled)" : "",
                shellMs / strataMs);
    }

    private void powerSweep(List<String> machineIds) throws Exception {
        if (machineIds.isEmpty()) {
            return;
        }
        double cold = powerSweepMs(machineIds); // opens a pooled session per BMC
        double strataMs = powerSweepMs(machineIds);
        // The bulk sweep (issue 16): one request for every machine, answered as JSON lines as the BMCs answer.
        // Short and so noisier than the per-machine sweep: the median of five.
        List<Long> bulk = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            bulkPowerSweep(machineIds);
            bulk.add(System.nanoTime() - t0);
        }
        double bulkMs = median(bulk);
        List<String> ports = new ArrayList<>();
        for (int i = 0; i < bmcs; i++) {
            ports.add(Integer.toString(bmcBasePort + i));
        }
        double shellMs = shell(
                "for port in \"$@\"; do ipmitool -I lanplus -C 3 -H 127.0.0.1 -p \"$port\" -U admin -P '" + bmcPassword
                        + "' chassis power status >/dev/null || exit 1; done",
                ports);
        put("sweep_power_strata_ms", strataMs);
        put("sweep_power_cold_ms", cold);
        put("sweep_power_shell_ms", shellMs);
        put("sweep_power_ratio", shellMs / strataMs);
        put("sweep_power_bulk_ms", bulkMs);
        put("sweep_power_bulk_ratio", shellMs / bulkMs);
        System.out.printf(
                Locale.ROOT,
                "power status of every BMC: Strata (GET /hosts/{id}/power, %d clients) %.0f ms"
                        + " (first sweep %.0f ms), ipmitool loop %.0f ms: %.1f x%n",
                clients,
                strataMs,
                cold,
                shellMs,
                shellMs / strataMs);
        System.out.printf(
                Locale.ROOT,
                "power status of every BMC in one request: Strata (GET /hardware/power-states, median of %d) %.0f ms"
                        + " (%.0f-%.0f), ipmitool loop %.0f ms: %.1f x%n",
                bulk.size(),
                bulkMs,
                bulk.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
                bulk.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6,
                shellMs,
                shellMs / bulkMs);
    }

    private double powerSweepMs(List<String> machineIds) throws Exception {
        long t0 = System.nanoTime();
        parallel(machineIds.size(), clients, i -> {
            check(strata.get(API + "/hosts/" + machineIds.get(i) + "/power"), "/hosts/{id}/power");
            return null;
        });
        return seconds(t0) * 1000;
    }

    /**
     * Every machine of the fleet's datacenter in one request (the fleet's ids, 500 at 10,000 hosts, would not fit
     * in a URL); fails unless every machine, and only those, answered with a state.
     */
    private void bulkPowerSweep(List<String> machineIds) throws Exception {
        HttpResponse<String> r = strata.get(API + "/hardware/power-states?datacenter=" + datacenterId());
        check(r, "/hardware/power-states");
        List<String> answered = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            JsonNode answer = strata.json().readTree(line);
            if (!answer.path("error").isNull()) {
                throw new IllegalStateException("a BMC did not answer the bulk sweep: " + line);
            }
            answered.add(answer.path("hostId").asText());
        }
        Collections.sort(answered);
        List<String> expected = new ArrayList<>(machineIds);
        Collections.sort(expected);
        if (!answered.equals(expected)) {
            throw new IllegalStateException(
                    "the bulk sweep answered " + answered.size() + " machines, not the " + expected.size() + " BMCs");
        }
    }

    private String datacenterId() throws Exception {
        return strata.getJson(API + "/datacenters?limit=1")
                .path("items")
                .get(0)
                .path("id")
                .asText();
    }

    /** Runs a bash loop over the arguments; its wall time in milliseconds. */
    private static double shell(String loop, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", loop, "loop"));
        command.addAll(args);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("shell loop failed: " + out);
        }
        return seconds(t0) * 1000;
    }

    // ---- plumbing

    @FunctionalInterface
    private interface PathOf {
        String of(int i);
    }

    private static <T> List<T> parallel(int count, int concurrency, SimulatedFleet.Work<T> work) throws Exception {
        return SimulatedFleet.parallel(count, concurrency, work);
    }

    private void put(String key, double value) {
        row.put(key, String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value));
    }

    private static double seconds(long since) {
        return SimulatedFleet.seconds(since);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
    }

    /** Appends this run's row; writes the header first when the file is new or has other columns. */
    private void append(Path csv) throws IOException {
        String header = String.join(",", row.keySet());
        String line = String.join(",", row.values());
        boolean fresh = !Files.exists(csv)
                || Files.readAllLines(csv).isEmpty()
                || !Files.readAllLines(csv).get(0).equals(header);
        if (fresh && Files.exists(csv) && !Files.readAllLines(csv).isEmpty()) {
            throw new IllegalStateException(csv + " has other columns than this run; use another results file");
        }
        Files.writeString(
                csv,
                (fresh ? header + "\n" : "") + line + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("results appended to " + csv);
    }

    /** Latencies of one kind of request, in nanoseconds, and the throughput they were measured at. */
    private record Latency(long[] nanos, double perSecond) {
        double percentile(int p) {
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}

package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;

/**
 * Strata's overhead per VM operation against a direct libvirt-java call on the same libvirtd, the rate at
 * which the platform starts VMs on libvirt's test driver, and how long a change made with virsh takes to
 * reach the inventory. Run by bench/libvirt.sh, which starts the distribution and the daemon.
 *
 * <p>Usage: LibvirtOverhead BASE_URL USER PASSWORD LIBVIRT_URI RUNS TEST_VMS [WARMUP [JIT_WARMUP]]
 */
public final class LibvirtOverhead {

    private final StrataClient strata;
    private final ObjectMapper json;
    private final String libvirtUri;
    /** One inventory host for the daemon: two hosts on one daemon would both claim its VMs. */
    private String libvirtHost;

    private LibvirtOverhead(String base, String user, String password, String libvirtUri) {
        this.strata = new StrataClient(base, user, password);
        this.json = strata.json();
        this.libvirtUri = libvirtUri;
    }

    public static void main(String[] args) throws Exception {
        LibvirtOverhead bench = new LibvirtOverhead(args[0], args[1], args[2], args[3]);
        int runs = Integer.parseInt(args[4]);
        int testVms = Integer.parseInt(args[5]);
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        int jitWarmup = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        bench.jitWarmUp(jitWarmup);
        bench.overhead(runs, warmup);
        bench.startRate(testVms);
        bench.virshToInventory(runs);
    }

    // ---- 0. the JIT, both JVMs

    /**
     * Runs the measured operations {@code cycles} times both ways on a libvirt test:/// host (the same driver, core
     * and REST code, and the same libvirt-java calls, without QEMU): a server runs warm code, and the few rounds
     * that a real daemon allows (a QEMU start takes about a second) leave both JVMs interpreting most of the path.
     */
    private void jitWarmUp(int cycles) throws Exception {
        if (cycles <= 0) {
            return;
        }
        String file = testHostFile();
        String host = addHost("bench-jit-" + shortId(), "test://" + file);
        long begin = System.nanoTime();
        Figures test = new Figures();
        Connect connect = new Connect("test://" + file, false);
        try {
            for (int i = 0; i < cycles; i++) {
                round(connect, host, "jit-direct-" + i, "jit-rest-" + i, i >= cycles / 2 ? test : null, false);
            }
        } finally {
            connect.close();
        }
        System.out.printf(
                Locale.ROOT,
                "JIT warm-up: %d cycles of the operations, both ways, on libvirt's test driver in %.1f s%n",
                cycles,
                (System.nanoTime() - begin) / 1e9);
        System.out.printf(Locale.ROOT, "the same on the test driver, its last %d cycles:%n", cycles - cycles / 2);
        test.print();
        System.out.println();
    }

    // ---- 1. per-operation overhead, REST versus libvirt-java, same daemon

    /**
     * @param warmup rounds of each operation, both ways, before the measured ones: a fresh JVM's first operations
     *               run interpreted code and say more about the JIT than about the path
     */
    private void overhead(int runs, int warmup) throws Exception {
        String host = libvirtHost();
        Figures figures = new Figures();
        int settled = 0;
        Connect connect = new Connect(libvirtUri, false);
        connect.setConnectionErrorCallback(new ErrorCallback());
        try {
            for (int i = 0; i < runs + warmup; i++) {
                boolean kept = round(
                        connect,
                        host,
                        "bench-direct-" + shortId(),
                        "bench-rest-" + shortId(),
                        i >= warmup ? figures : null,
                        true);
                settled += kept ? 1 : 0;
            }
        } finally {
            connect.close();
        }
        System.out.printf(Locale.ROOT, "%n%s, %d runs after %d of warm-up, median ms%n", libvirtUri, runs, warmup);
        figures.print();
        System.out.printf(
                Locale.ROOT,
                "(the synchronizer's handling of the directly made VMs ended before the REST operations in %d of %d"
                        + " rounds)%n",
                settled,
                runs + warmup);
        System.out.println("(task queued, ran: created to started and started to finished on the server, medians in"
                + " whole ms; the rest of REST's time is the request and the answer)");
    }

    /**
     * One round of the operations, first by libvirt-java on {@code connect}, then through REST on {@code host}:
     * define, start, power off, list, and undefine or delete (not timed).
     *
     * @param figures where the times go; null for a warm-up round
     * @param settle  whether to wait, untimed, after the direct round until Strata's synchronizer has handled the VM
     *                made behind its back (imported, followed, forgotten), so that its work does not land in the
     *                REST round; on libvirt's test driver another connection's VMs are not Strata's host's
     * @return whether it settled
     */
    private boolean round(Connect connect, String host, String direct, String rest, Figures figures, boolean settle)
            throws Exception {
        long t0 = System.nanoTime();
        Domain d = connect.domainDefineXML(domainXml(direct));
        long t1 = System.nanoTime();
        d.create();
        long t2 = System.nanoTime();
        d.destroy();
        long t3 = System.nanoTime();
        connect.listDomains();
        connect.listDefinedDomains();
        long t4 = System.nanoTime();
        String directId = d.getUUIDString();
        d.undefine();
        boolean settled = settle && settle(directId);

        long s0 = System.nanoTime();
        JsonNode created = strata.task(strata.post(
                "/api/v1/vms?wait=60",
                "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"" + rest + "\",\"cpus\":1,\"memoryMb\":64}}"));
        String vm = created.path("result").asText();
        long s1 = System.nanoTime();
        JsonNode started = strata.task(strata.post("/api/v1/vms/" + vm + "/actions/start?wait=60", ""));
        long s2 = System.nanoTime();
        JsonNode off = strata.task(strata.post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", ""));
        long s3 = System.nanoTime();
        strata.get("/api/v1/hosts/" + host + "/vms");
        long s4 = System.nanoTime();
        strata.task(strata.delete("/api/v1/vms/" + vm + "?wait=60"));
        if (figures != null) {
            figures.add("define", t1 - t0, s1 - s0, created);
            figures.add("start", t2 - t1, s2 - s1, started);
            figures.add("power off", t3 - t2, s3 - s2, off);
            figures.add("list", t4 - t3, s4 - s3, null);
        }
        return settled;
    }

    /** Per operation: the direct call's time, REST's, and the task's queued and run times, for medians. */
    private static final class Figures {
        private final java.util.Map<String, List<long[]>> rows = new java.util.LinkedHashMap<>();

        void add(String operation, long direct, long rest, JsonNode task) {
            rows.computeIfAbsent(operation, k -> new ArrayList<>())
                    .add(new long[] {direct, rest, task == null ? -1 : queued(task), task == null ? -1 : ran(task)});
        }

        void print() {
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %12s %12s %12s %12s %12s%n",
                    "operation",
                    "libvirt-java",
                    "REST",
                    "overhead",
                    "task queued",
                    "task ran");
            rows.forEach((operation, values) -> {
                List<Long> queued = column(values, 2);
                row(
                        operation,
                        column(values, 0),
                        column(values, 1),
                        queued.get(0) < 0 ? List.of() : queued,
                        queued.get(0) < 0 ? List.of() : column(values, 3));
            });
        }

        private static List<Long> column(List<long[]> values, int i) {
            return values.stream().map(v -> v[i]).toList();
        }
    }

    private static void row(String what, List<Long> direct, List<Long> rest, List<Long> queued, List<Long> ran) {
        double d = median(direct) / 1e6, r = median(rest) / 1e6;
        String task = ran.isEmpty()
                ? ""
                : String.format(Locale.ROOT, "%12.2f %12.2f", median(queued) / 1e6, median(ran) / 1e6);
        System.out.printf(Locale.ROOT, "%-10s %12.2f %12.2f %12.2f %s%n", what, d, r, r - d, task);
    }

    /**
     * Waits (at most 5 s) until Strata has recorded that the VM of this UUID vanished from its host: its
     * synchronizer has then handled every event of the directly made VM (discovered, started, stopped, undefined).
     */
    private boolean settle(String uuid) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode event : strata.getJson("/api/v1/events?subject=" + uuid + "&limit=20")
                    .path("items")) {
                if (event.path("type").asText().equals("VM_VANISHED")) {
                    return true;
                }
            }
            LockSupport.parkNanos(2_000_000);
        }
        return false;
    }

    /** Nanoseconds from a task's start to its end, as the server recorded them. */
    private static long ran(JsonNode task) {
        return between(task, "started", "finished");
    }

    /** Nanoseconds from a task's creation to its start. */
    private static long queued(JsonNode task) {
        return between(task, "created", "started");
    }

    private static long between(JsonNode task, String from, String to) {
        return java.time.Duration.between(
                        java.time.Instant.parse(task.path(from).asText()),
                        java.time.Instant.parse(task.path(to).asText()))
                .toNanos();
    }

    // ---- 2. how many VMs per second the platform starts on libvirt's test driver

    private void startRate(int count) throws Exception {
        String file = testHostFile();
        String host = addHost("bench-test-" + shortId(), "test://" + file);
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vms.add(strata.task(strata.post(
                            "/api/v1/vms?wait=60",
                            "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"rate-" + i
                                    + "\",\"cpus\":1,\"memoryMb\":64}}"))
                    .path("result")
                    .asText());
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        List<Future<String>> tasks = new ArrayList<>();
        for (String vm : vms) {
            tasks.add(clients.submit(() -> json.readTree(strata.post("/api/v1/vms/" + vm + "/actions/start", "")
                            .body())
                    .path("id")
                    .asText()));
        }
        for (Future<String> t : tasks) {
            strata.awaitTask(t.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        clients.shutdown();
        System.out.printf(
                Locale.ROOT,
                "%nstarted %d VMs on the test driver through REST (8 clients) in %.2f s: %.0f VMs/s%n",
                count,
                seconds,
                count / seconds);
    }

    // ---- 3. from a virsh change to the inventory

    private void virshToInventory(int runs) throws Exception {
        String host = libvirtHost();
        String vm = strata.task(strata.post(
                        "/api/v1/vms?wait=60",
                        "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"bench-ev-" + shortId()
                                + "\",\"cpus\":1,\"memoryMb\":64}}"))
                .path("result")
                .asText();
        strata.task(strata.post("/api/v1/vms/" + vm + "/actions/start?wait=60", ""));
        List<Long> lag = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            for (String[] step : new String[][] {{"suspend", "PAUSED"}, {"resume", "RUNNING"}}) {
                virsh("-c", libvirtUri, step[0], vm);
                long t0 = System.nanoTime(); // virsh has returned: the change is made
                while (!step[1].equals(
                        json.readTree(strata.get("/api/v1/vms/" + vm).body())
                                .path("state")
                                .asText())) {
                    LockSupport.parkNanos(1_000_000);
                }
                lag.add(System.nanoTime() - t0);
            }
        }
        strata.task(strata.post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", ""));
        strata.task(strata.send(
                strata.request("/api/v1/vms/" + vm + "?wait=60").DELETE().build()));
        System.out.printf(
                Locale.ROOT,
                "%nvirsh suspend/resume to the REST inventory, %d changes: median %.1f ms, max %.1f ms%n",
                lag.size(),
                median(lag) / 1e6,
                lag.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
    }

    // ---- helpers

    /** A libvirt test driver host file without VMs (removed when the JVM exits). */
    private static String testHostFile() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bench-host", ".xml");
        file.toFile().deleteOnExit();
        java.nio.file.Files.writeString(
                file,
                "<node><cpu><mhz>2000</mhz><model>bench</model>"
                        + "<active>64</active><nodes>1</nodes><sockets>8</sockets><cores>8</cores><threads>1</threads></cpu>"
                        + "<memory>268435456</memory></node>");
        return file.toString();
    }

    private String libvirtHost() throws Exception {
        if (libvirtHost == null) {
            libvirtHost = addHost("bench-kvm-" + shortId(), libvirtUri);
        }
        return libvirtHost;
    }

    private String addHost(String name, String uri) throws Exception {
        String dc = json.readTree(strata.get("/api/v1/datacenters").body())
                .path("items")
                .get(0)
                .path("id")
                .asText();
        HttpResponse<String> r = strata.post(
                "/api/v1/hosts",
                "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"kvm\",\"address\":\"" + uri
                        + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("adding host " + uri + ": " + r.body());
        }
        return json.readTree(r.body()).path("id").asText();
    }

    private static void virsh(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("virsh " + String.join(" ", args) + ": " + out);
        }
    }

    private static String domainXml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>";
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where Strata's own time goes for one REST operation of each kind (issue 16's groundwork, run by bench/profile.sh):
 * one client, one operation at a time, each kind in a phase of its own with a JFR recording of its own
 * ({@code jcmd PID JFR.start} before, {@code JFR.stop} after), so that every sample of a recording belongs to one
 * kind of operation. Beside each recording it measures the Strata JVM's CPU per operation from /proc (all of its
 * threads: request, task, GC and JIT), with what the same JVM spends idle in as long (its periodic rounds) beside it.
 *
 * <p>The phases, on one hypervisor host: {@code list} ({@code GET /hosts/{id}/vms}, the host's live list),
 * {@code get} ({@code GET /vms/{id}}, the cheapest authenticated read: the fixed cost of a request), then
 * {@code define} N VMs ({@code POST /vms?wait=60}), {@code start} them, {@code poweroff} them and {@code delete}
 * them (each {@code ?wait=60}, so that a call returns when its task has ended). Before them, {@code warmup} cycles of
 * all six (under a recording that is thrown away), so that the JIT has compiled much of the paths measured. Every
 * phase runs first without a recording ({@code PHASE.nojfr}: the CPU and latency figures, since sampling costs CPU of
 * its own) and then with one; both also give CPU per thread kind (OUT_DIR/threads.tsv).
 *
 * <p>Usage: OperationProfile BASE_URL USER PASSWORD STRATA_PID OPS WARMUP OUT_DIR JFC HOST [H2_TRACE_FILE]
 * where HOST is {@code demo} (the demo datacenter's demo-host, in memory) or {@code test} (a libvirt
 * {@code test:///} host made for the run with the kvm driver, as in the fleet benchmark). Writes OUT_DIR/PHASE.jfr
 * and OUT_DIR/phases.tsv (read by {@link JfrBreakdown}). JFC {@code none} records nothing. With H2_TRACE_FILE (the
 * {@code .trace.db} of a repository opened with {@code TRACE_LEVEL_FILE=3}) it also counts, per operation, the
 * commits and SQL statements H2 traced during each phase (OUT_DIR/statements.tsv): a run of its own, since the trace
 * slows every statement.
 */
public final class OperationProfile {

    private static final String API = "/api/v1";
    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks. */
    private static final long TICKS_PER_SECOND = 100;

    private final StrataClient strata;
    private final long pid;
    private final Path out;
    private final Path jfc;
    private final Path trace;
    private final StringBuilder threadRows = new StringBuilder("phase\tthread\tcpu_ms_per_op\n");
    private final StringBuilder statements = new StringBuilder("phase\twhat\tper_op\n");
    /** A JDBC call as H2 traces it at level 3: {@code /**}{@code /conn3.commit();}, {@code /**}{@code /prep7.executeQuery();}. */
    private static final java.util.regex.Pattern JDBC_CALL =
            java.util.regex.Pattern.compile("/\\*\\*/(?:\\w+ \\w+ = )?[a-z]+\\d+\\.(\\w+)\\(.*\\);");

    private final StringBuilder phases = new StringBuilder("phase\tops\twall_p50_ms\twall_p90_ms\twall_mean_ms"
            + "\tcpu_ms_per_op\tidle_cpu_ms_per_op\tfirst_tenth_p50_ms\tlast_tenth_p50_ms\n");
    /** The JVM's CPU per second when no request runs (its monitor and reconcile rounds), measured first. */
    private double idleCpuMsPerSecond;

    private OperationProfile(StrataClient strata, long pid, Path out, Path jfc, Path trace) {
        this.strata = strata;
        this.pid = pid;
        this.out = out;
        this.jfc = jfc;
        this.trace = trace;
    }

    @FunctionalInterface
    private interface Operation {
        void run(int i) throws Exception;
    }

    public static void main(String[] a) throws Exception {
        StrataClient strata = new StrataClient(a[0], a[1], a[2]);
        int ops = Integer.parseInt(a[4]);
        int warmup = Integer.parseInt(a[5]);
        Path out = Path.of(a[6]);
        Files.createDirectories(out);
        OperationProfile profile = new OperationProfile(
                strata,
                Long.parseLong(a[3]),
                out,
                "none".equals(a[7]) ? null : Path.of(a[7]),
                a.length > 9 ? Path.of(a[9]) : null);
        String host = "test".equals(a[8]) ? profile.testHost() : profile.demoHost();
        profile.run(host, ops, warmup);
    }

    private void run(String host, int ops, int warmup) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "host %s; %d warm-up cycles, then %d operations per phase, one client%n",
                host,
                warmup,
                ops);
        // Warmed up under a recording: JFR's first start instruments file and socket classes, which deoptimizes
        // code that uses them; that must not land in the first phase measured.
        if (jfc != null) {
            jcmd("JFR.start", "name=warmup", "settings=" + jfc);
        }
        for (int i = 0; i < warmup; i++) {
            String vm = define(host, "warm-" + i);
            act(vm, "start");
            act(vm, "poweroff");
            list(host);
            get(vm);
            delete(vm);
        }
        if (jfc != null) {
            jcmd("JFR.stop", "name=warmup");
        }
        idleCpuMsPerSecond = idleCpu(5);
        System.out.printf(Locale.ROOT, "idle Strata JVM: %.1f ms of CPU a second%n", idleCpuMsPerSecond);
        // A VM of our own for the reads, so that the list has one VM more than the host's own and get reads it.
        String probe = define(host, "profile-probe");
        // Each kind twice, with and without a recording: sampling every millisecond with deep stacks costs CPU
        // of its own, so the CPU and latency figures come from the phases without (PHASE.nojfr).
        for (boolean recorded : recordings()) {
            phase("list", recorded, ops, i -> list(host));
            phase("get", recorded, ops, i -> get(probe));
        }
        delete(probe);
        for (boolean recorded : recordings()) {
            List<String> vms = new ArrayList<>();
            String prefix = recorded ? "profile-" : "unrecorded-";
            phase("define", recorded, ops, i -> vms.add(define(host, prefix + i)));
            phase("start", recorded, ops, i -> act(vms.get(i), "start"));
            phase("poweroff", recorded, ops, i -> act(vms.get(i), "poweroff"));
            phase("delete", recorded, ops, i -> delete(vms.get(i)));
        }
        Files.writeString(out.resolve("phases.tsv"), phases, StandardCharsets.UTF_8);
        if (trace != null) {
            Files.writeString(out.resolve("statements.tsv"), statements, StandardCharsets.UTF_8);
        }
    }

    /** Unrecorded first, then recorded; only unrecorded when there is nothing to record with. */
    private List<Boolean> recordings() {
        return jfc == null ? List.of(false) : List.of(false, true);
    }

    // ---- the operations

    private String define(String host, String name) throws Exception {
        JsonNode task = strata.task(strata.post(
                API + "/vms?wait=60",
                "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMb\":64}}"));
        return task.path("result").asText();
    }

    private void act(String vm, String action) throws Exception {
        strata.task(strata.post(API + "/vms/" + vm + "/actions/" + action + "?wait=60", ""));
    }

    private void list(String host) throws Exception {
        ok(strata.get(API + "/hosts/" + host + "/vms"), "list");
    }

    private void get(String vm) throws Exception {
        ok(strata.get(API + "/vms/" + vm), "get");
    }

    private void delete(String vm) throws Exception {
        strata.task(strata.delete(API + "/vms/" + vm + "?wait=60"));
    }

    private static void ok(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
        }
    }

    // ---- a phase: a recording, the operations, the JVM's CPU

    private void phase(String kind, boolean recorded, int ops, Operation op) throws Exception {
        String name = recorded || jfc == null ? kind : kind + ".nojfr";
        if (recorded) {
            jcmd("JFR.start", "name=" + name, "settings=" + jfc);
        }
        long traced = trace == null ? 0 : Files.size(trace);
        long[] wall = new long[ops];
        java.util.Map<String, long[]> threads0 = threadTicks();
        long cpu0 = cpuTicks();
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            long s = System.nanoTime();
            op.run(i);
            wall[i] = System.nanoTime() - s;
        }
        long elapsed = System.nanoTime() - t0;
        long cpu1 = cpuTicks();
        java.util.Map<String, long[]> threads1 = threadTicks();
        if (recorded) {
            jcmd("JFR.stop", "name=" + name, "filename=" + out.resolve(name + ".jfr"));
        }
        if (trace != null) {
            countStatements(name, ops, traced);
        }
        double cpuMsPerOp = (cpu1 - cpu0) * 1000.0 / TICKS_PER_SECOND / ops;
        double idleMsPerOp = idleCpuMsPerSecond * elapsed / 1e9 / ops;
        int tenth = Math.max(1, ops / 10);
        double first = percentile(java.util.Arrays.copyOfRange(wall, 0, tenth), 50);
        double last = percentile(java.util.Arrays.copyOfRange(wall, ops - tenth, ops), 50);
        double mean = java.util.Arrays.stream(wall).average().orElse(0) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "%-9s %4d ops: wall p50 %6.2f ms, p90 %6.2f ms (first tenth %.2f, last %.2f);"
                        + " Strata CPU %.2f ms/op (of which idle rounds %.2f)%n",
                name,
                ops,
                percentile(wall, 50),
                percentile(wall, 90),
                first,
                last,
                cpuMsPerOp,
                idleMsPerOp);
        phases.append(String.format(
                Locale.ROOT,
                "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f%n",
                name,
                ops,
                percentile(wall, 50),
                percentile(wall, 90),
                mean,
                cpuMsPerOp,
                idleMsPerOp,
                first,
                last));
        threadCpu(name, ops, threads0, threads1);
    }

    /**
     * Counts what H2 traced since {@code from}: JDBC calls by method ({@code commit}, {@code setAutoCommit},
     * {@code executeQuery} ...) and SQL statements by their first word ({@code /*SQL ...*}{@code /SELECT ...}).
     * Background rounds (monitor, reconcile) run meanwhile too.
     */
    private void countStatements(String name, int ops, long from) throws IOException {
        String text;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(trace.toFile(), "r")) {
            f.seek(from);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            java.util.regex.Matcher call = JDBC_CALL.matcher(l);
            if (call.matches()) {
                counts.merge("jdbc " + call.group(1), 1, Integer::sum);
            } else if (l.startsWith("/*SQL")) {
                String sql = l.substring(l.indexOf("*/") + 2).strip();
                String word = sql.split("[\\s(;]", 2)[0].toLowerCase(Locale.ROOT);
                counts.merge("sql " + word, 1, Integer::sum);
            }
        }
        counts.forEach(
                (k, v) -> statements.append(String.format(Locale.ROOT, "%s\t%s\t%.2f%n", name, k, v / (double) ops)));
        System.out.printf(
                Locale.ROOT,
                "          H2 trace, per op: %s%n",
                counts.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("sql")
                                || e.getKey().contains("commit")
                                || e.getKey().contains("rollback")
                                || e.getKey().contains("AutoCommit"))
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) ops))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * CPU per operation by thread kind (Jetty's request threads, task workers, the JIT's compilers, GC, JFR ...), from
     * each thread's /proc/PID/task/TID/stat between the phase's start and end (threads that ended meanwhile are
     * missing; new ones count from zero). Written to OUT_DIR/threads.tsv: what the JFR samples, which see only Java
     * code running, cannot say.
     */
    private void threadCpu(
            String name, int ops, java.util.Map<String, long[]> before, java.util.Map<String, long[]> after)
            throws IOException {
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        after.forEach((tid, now) -> {
            long[] then = before.get(tid);
            long used = now[1] - (then == null || then[0] != now[0] ? 0 : then[1]);
            byKind.merge(threadKind(tid), used, Long::sum);
        });
        StringBuilder row = new StringBuilder();
        byKind.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> row.append(String.format(
                        Locale.ROOT,
                        "%s\t%s\t%.3f%n",
                        name,
                        e.getKey(),
                        e.getValue() * 1000.0 / TICKS_PER_SECOND / ops)));
        threadRows.append(row);
        Files.writeString(out.resolve("threads.tsv"), threadRows, StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "          CPU ms/op by thread: %s%n",
                byKind.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .sorted(java.util.Map.Entry.<String, Long>comparingByValue()
                                .reversed())
                        .limit(8)
                        .map(e -> String.format(
                                Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() * 1000.0 / TICKS_PER_SECOND / ops))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    /** tid|name -> {start time, utime + stime} for every thread of the Strata JVM. */
    private java.util.Map<String, long[]> threadTicks() throws IOException {
        java.util.Map<String, long[]> ticks = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(
                            task.getFileName() + "|" + comm,
                            new long[] {Long.parseLong(f[19]), Long.parseLong(f[11]) + Long.parseLong(f[12])});
                } catch (IOException | RuntimeException gone) {
                    // The thread ended while we looked.
                }
            }
        }
        return ticks;
    }

    /** A thread's kind: its name (at most 15 characters in /proc) without numbers. */
    private static String threadKind(String tidAndName) {
        return tidAndName
                .substring(tidAndName.indexOf('|') + 1)
                .replaceAll("\\d+", "N")
                .strip();
    }

    private double idleCpu(int seconds) throws IOException, InterruptedException {
        long c0 = cpuTicks();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        return (cpuTicks() - c0) * 1000.0 / TICKS_PER_SECOND / ((System.nanoTime() - t0) / 1e9);
    }

    /** utime + stime of the Strata JVM, all threads, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || said.contains("Could not") || said.contains("rror")) {
            throw new IllegalStateException(String.join(" ", line) + ": " + said);
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    // ---- the host

    private String demoHost() throws Exception {
        for (JsonNode h : strata.getJson(API + "/hosts?limit=500").path("items")) {
            if ("demo-host".equals(h.path("name").asText())) {
                return h.path("id").asText();
            }
        }
        throw new IllegalStateException("no demo-host in the inventory (is demo.seed on?)");
    }

    /** A libvirt test:/// host of its own (a host file with no domains), added through REST with the kvm driver. */
    private String testHost() throws Exception {
        Path file = out.resolve("profile-host.xml");
        Files.writeString(
                file,
                "<node><cpu><mhz>2000</mhz><model>profile</model><active>64</active><nodes>1</nodes>"
                        + "<sockets>8</sockets><cores>8</cores><threads>1</threads></cpu><memory>268435456</memory></node>");
        String dc = strata.getJson(API + "/datacenters")
                .path("items")
                .get(0)
                .path("id")
                .asText();
        HttpResponse<String> r = strata.post(
                API + "/hosts",
                "{\"name\":\"profile-test\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"kvm\",\"address\":\"test://"
                        + file.toAbsolutePath() + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("adding the test:/// host: " + r.statusCode() + " " + r.body());
        }
        return strata.json().readTree(r.body()).path("id").asText();
    }
}

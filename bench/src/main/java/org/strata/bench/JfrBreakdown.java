package org.strata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the recordings {@link OperationProfile} made (OUT_DIR/PHASE.jfr, with OUT_DIR/phases.tsv) and says, per
 * kind of operation, where the Strata JVM's Java samples went: a cost bucket per sample (the first rule below that
 * matches any frame of its stack, so a log call made by the repository counts as logging, a JSON parse made by the
 * repository as the repository's), the Strata methods and leaf methods most sampled, the repository's entry points,
 * the writes to H2's file (one or more per commit with {@code WRITE_DELAY=0}) by the repository call that caused
 * them, allocation and GC. Milliseconds per operation are the bucket's share of the samples times the measured CPU
 * per operation of the JVM's application threads (OUT_DIR/threads.tsv: all but JIT, GC, JFR and VM threads, which
 * Java samples never see): an attribution, not a timing.
 *
 * <p>Usage: JfrBreakdown OUT_DIR  (prints Markdown, and writes it to OUT_DIR/breakdown.md)
 */
public final class JfrBreakdown {

    private record Rule(String bucket, Predicate<String> frame) {}

    private static final String REPOSITORY = "org.strata.repository.";

    /**
     * What the sample was done for, in order: the first rule with a matching frame anywhere in the stack names the
     * bucket (so a log call made by the repository is logging, a JSON parse the repository asked for is the
     * repository's JSON, and Jackson under the repository is told apart in {@link #bucket}).
     */
    private static final List<Rule> PURPOSES = List.of(
            new Rule(
                    "logging",
                    f -> f.startsWith("org.ops4j.pax.logging.") || f.startsWith("org.apache.logging.log4j.")),
            new Rule(
                    "repository: H2 commit",
                    f -> f.startsWith("org.h2.engine.SessionLocal.commit")
                            || f.startsWith("org.h2.jdbc.JdbcConnection.commit")
                            || f.startsWith("org.h2.mvstore.MVStore.store")
                            || f.startsWith("org.h2.mvstore.FileStore.")),
            new Rule("repository: H2 SQL (parse, plan, execute)", f -> f.startsWith("org.h2.")),
            new Rule("repository: connection pool (Hikari)", f -> f.startsWith("com.zaxxer.hikari.")),
            new Rule("repository: Strata's own code", f -> f.startsWith(REPOSITORY)),
            new Rule(
                    "authentication",
                    f -> f.startsWith("org.strata.ws.security.")
                            || f.startsWith("org.strata.ws.rest.BasicAuthFilter")
                            || f.startsWith("org.apache.karaf.jaas.")
                            || f.startsWith("org.strata.security.")),
            new Rule(
                    "event publishing (Event Admin, event log)",
                    f -> f.startsWith("org.apache.felix.eventadmin.") || f.startsWith("org.strata.core.events.")),
            // The drivers and the libraries they share (libvirt's XML, IPMI, the vSphere client).
            new Rule(
                    "driver",
                    f -> f.startsWith("org.strata.driver.")
                            || f.startsWith("org.strata.libvirt.")
                            || f.startsWith("org.strata.ipmi.")
                            || f.startsWith("org.strata.vsphere.")
                            || f.startsWith("org.libvirt.")
                            || f.startsWith("com.sun.jna.")));

    private static final String REPOSITORY_JSON = "repository: JSON of specs and rows (Jackson)";

    /** The rest by layer: the first frame from the leaf that belongs to one (JDK frames are skipped over). */
    private static final List<Rule> LAYERS = List.of(
            new Rule(
                    "TLS",
                    f -> f.startsWith("sun.security.ssl.")
                            || f.startsWith("com.sun.crypto.")
                            || f.startsWith("sun.security.provider.")
                            || f.startsWith("javax.crypto.")),
            new Rule("REST JSON (Jackson in CXF)", f -> f.startsWith("com.fasterxml.jackson.")),
            new Rule("CXF (JAX-RS dispatch, interceptors)", f -> f.startsWith("org.apache.cxf.")),
            new Rule(
                    "Jetty / Pax Web (HTTP)",
                    f -> f.startsWith("org.eclipse.jetty.") || f.startsWith("org.ops4j.pax.web.")),
            new Rule("task runner", f -> f.startsWith("org.strata.core.tasks.") || f.startsWith("org.strata.engine.")),
            new Rule("core, other", f -> f.startsWith("org.strata.")),
            new Rule(
                    "OSGi (Felix, SCR, Blueprint)",
                    f -> f.startsWith("org.apache.felix.") || f.startsWith("org.apache.aries.")));

    private static final String OTHER = "other (JDK alone, JFR)";

    private JfrBreakdown() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> lines = Files.readAllLines(dir.resolve("phases.tsv"), StandardCharsets.UTF_8);
        StringBuilder md = new StringBuilder();
        Map<String, Double> applicationCpu = applicationCpu(dir.resolve("threads.tsv"));
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            rows.put(f[0], f);
        }
        for (String[] f : rows.values()) {
            Path recording = dir.resolve(f[0] + ".jfr");
            if (Files.exists(recording)) {
                // CPU and latency from the same kind's phase without a recording, when there was one.
                String[] clean = rows.getOrDefault(f[0] + ".nojfr", f);
                double application = applicationCpu.getOrDefault(clean[0], Double.parseDouble(clean[5]));
                phase(
                        md,
                        f[0],
                        Integer.parseInt(f[1]),
                        Double.parseDouble(clean[5]),
                        application,
                        Double.parseDouble(clean[2]),
                        recording);
            }
        }
        Files.writeString(dir.resolve("breakdown.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    /**
     * Per phase, the CPU per operation of the threads that run Strata's code (Jetty's, the task workers, the
     * synchronizer, Event Admin ...): the JVM's CPU less its JIT compilers, GC, JFR and VM threads, which the Java
     * samples do not see.
     */
    private static Map<String, Double> applicationCpu(Path threads) throws IOException {
        Map<String, Double> cpu = new HashMap<>();
        if (!Files.exists(threads)) {
            return cpu;
        }
        List<String> lines = Files.readAllLines(threads, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            String kind = f[1];
            boolean jvm = kind.contains("CompilerThre")
                    || kind.startsWith("GC Thread")
                    || kind.startsWith("G1 ")
                    || kind.startsWith("JFR ")
                    || kind.startsWith("VM ")
                    || kind.startsWith("Sweeper");
            if (!jvm) {
                cpu.merge(f[0], Double.parseDouble(f[2]), Double::sum);
            }
        }
        return cpu;
    }

    private static void phase(
            StringBuilder md,
            String name,
            int ops,
            double cpuMsPerOp,
            double applicationMsPerOp,
            double wallP50,
            Path recording)
            throws IOException {
        Map<String, Integer> buckets = new LinkedHashMap<>();
        Map<String, Integer> strataFrames = new HashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        Map<String, Integer> repositoryCalls = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> fileWrites = new HashMap<>();
        int forces = 0;
        int samples = 0;
        double allocated = 0;
        int gcs = 0;
        double gcMs = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    List<String> frames = frames(e.getStackTrace());
                    if (frames.isEmpty()) {
                        continue;
                    }
                    samples++;
                    buckets.merge(bucket(frames), 1, Integer::sum);
                    leaves.merge(frames.get(0), 1, Integer::sum);
                    frames.stream()
                            .filter(f -> f.startsWith("org.strata."))
                            .findFirst()
                            .ifPresent(f -> strataFrames.merge(f, 1, Integer::sum));
                    String entry = repositoryEntry(frames);
                    if (entry != null) {
                        repositoryCalls.merge(entry, 1, Integer::sum);
                    }
                    RecordedThread t = e.getThread("sampledThread");
                    threads.merge(t == null ? "?" : threadGroup(t.getJavaName()), 1, Integer::sum);
                }
                case "jdk.FileWrite" -> {
                    if (String.valueOf(e.getString("path")).endsWith(".mv.db")) {
                        String entry = repositoryEntry(frames(e.getStackTrace()));
                        fileWrites.merge(
                                entry == null ? "(no repository frame: H2's own thread)" : entry, 1, Integer::sum);
                    }
                }
                case "jdk.FileForce" -> {
                    if (String.valueOf(e.getString("path")).endsWith(".mv.db")) {
                        forces++;
                    }
                }
                case "jdk.ObjectAllocationSample" -> allocated += e.getLong("weight");
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                }
                default -> {}
            }
        }
        final int total = Math.max(1, samples);
        md.append(String.format(
                Locale.ROOT,
                "%n### %s: %d operations, wall p50 %.2f ms, Strata JVM CPU %.2f ms/op, of"
                        + " which its application threads %.2f; %d Java samples (%.1f per op)%n%n",
                name,
                ops,
                wallP50,
                cpuMsPerOp,
                applicationMsPerOp,
                samples,
                samples / (double) ops));
        md.append("| bucket | samples | share | ms/op (share x application CPU/op) |\n|---|---|---|---|\n");
        buckets.entrySet().stream()
                .filter(b -> b.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(b -> md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.1f %% | %.2f |%n",
                        b.getKey(),
                        b.getValue(),
                        100.0 * b.getValue() / total,
                        applicationMsPerOp * b.getValue() / total)));
        int writes = fileWrites.values().stream().mapToInt(Integer::intValue).sum();
        md.append(String.format(
                Locale.ROOT,
                "%nH2 file: %.2f writes/op (%d), %.2f forces/op; allocation %.0f KiB/op;"
                        + " GC %d collections, %.2f ms pause/op%n",
                writes / (double) ops,
                writes,
                forces / (double) ops,
                allocated / 1024 / ops,
                gcs,
                gcMs / ops));
        table(
                md,
                "repository entry points (outermost org.strata.repository frame), samples",
                repositoryCalls,
                total,
                ops,
                12);
        table(md, "writes to the H2 file by the repository call that made them", fileWrites, 0, ops, 12);
        table(md, "innermost Strata frame", strataFrames, total, ops, 15);
        table(md, "leaf frame", leaves, total, ops, 15);
        table(md, "threads", threads, total, ops, 8);
    }

    private static void table(
            StringBuilder md, String title, Map<String, Integer> counts, int total, int ops, int top) {
        if (counts.isEmpty()) {
            return;
        }
        md.append("\n")
                .append(title)
                .append(":\n\n| | count | per op |")
                .append(total > 0 ? " share |" : "")
                .append("\n|---|---|---|")
                .append(total > 0 ? "---|" : "")
                .append("\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(c -> md.append(String.format(
                        Locale.ROOT,
                        "| `%s` | %d | %.2f |%s%n",
                        c.getKey(),
                        c.getValue(),
                        c.getValue() / (double) ops,
                        total > 0 ? String.format(Locale.ROOT, " %.1f %% |", 100.0 * c.getValue() / total) : "")));
    }

    /** The sample's bucket: what it was done for if a purpose matches, else the layer it ran in. */
    static String bucket(List<String> frames) {
        for (Rule purpose : PURPOSES) {
            if (frames.stream().anyMatch(purpose.frame())) {
                if (purpose.bucket().startsWith("repository")
                        && !purpose.bucket().endsWith("commit")
                        && jacksonUnderRepository(frames)) {
                    return REPOSITORY_JSON;
                }
                return purpose.bucket();
            }
        }
        for (String f : frames) {
            for (Rule layer : LAYERS) {
                if (layer.frame().test(f)) {
                    return layer.bucket();
                }
            }
        }
        return OTHER;
    }

    /** Jackson between the leaf and the innermost repository frame: JSON the repository reads or writes. */
    private static boolean jacksonUnderRepository(List<String> frames) {
        for (String f : frames) {
            if (f.startsWith("com.fasterxml.jackson.")) {
                return true;
            }
            if (f.startsWith(REPOSITORY)) {
                return false;
            }
        }
        return false;
    }

    /** The outermost repository frame: the call Strata made of its store (saveTask, createVm ...). */
    private static String repositoryEntry(List<String> frames) {
        String entry = null;
        for (String f : frames) {
            if (f.startsWith(REPOSITORY)) {
                entry = f;
            }
        }
        return entry;
    }

    /** Frames from the leaf down, as Class.method. */
    private static List<String> frames(RecordedStackTrace stack) {
        List<String> out = new ArrayList<>();
        if (stack == null) {
            return out;
        }
        for (RecordedFrame f : stack.getFrames()) {
            RecordedMethod m = f.getMethod();
            if (m != null) {
                out.add(m.getType().getName() + "." + m.getName());
            }
        }
        return out;
    }

    /** Thread names without their numbers: qtp123-45 and qtp123-46 are the same pool. */
    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }
}

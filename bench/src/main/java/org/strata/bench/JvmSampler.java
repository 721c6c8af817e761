package org.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Strata JVM's threads and RSS, read from /proc every 100 ms while a benchmark runs (so that growth between
 * phases shows, not only the end state), and its live heap at the end, after a full GC asked through jcmd.
 */
final class JvmSampler {

    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;
    private final Path status;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jvm-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile long maxThreads;
    private volatile long maxRssKb;

    JvmSampler(long pid) {
        this.pid = pid;
        this.status = Path.of("/proc/" + pid + "/status");
    }

    // Sampling runs until the timer is shut down; the sample catches its own failures.
    @SuppressWarnings("FutureReturnValueIgnored")
    void start() {
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void sample() {
        try {
            String text = Files.readString(status);
            maxThreads = Math.max(maxThreads, field(text, "Threads"));
            maxRssKb = Math.max(maxRssKb, field(text, "VmRSS"));
        } catch (IOException e) {
            // The JVM is gone; the benchmark's next request says so.
        }
    }

    /** Prints the figures now, after a phase. */
    void mark(String phase) throws IOException {
        String text = Files.readString(status);
        System.out.printf(
                Locale.ROOT,
                "  Strata JVM %s: %d threads, RSS %d MiB%n",
                phase,
                field(text, "Threads"),
                field(text, "VmRSS") / 1024);
    }

    /** Adds heap_mb (live, after a full GC), rss_mb, threads and their maxima over the run to the row. */
    void settle(Map<String, String> row) throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heapKb = m.find() ? Long.parseLong(m.group(1)) : -1;
        String text = Files.readString(status);
        row.put("heap_mb", Long.toString(heapKb / 1024));
        row.put("rss_mb", Long.toString(field(text, "VmRSS") / 1024));
        row.put("threads", Long.toString(field(text, "Threads")));
        row.put("rss_max_mb", Long.toString(maxRssKb / 1024));
        row.put("threads_max", Long.toString(maxThreads));
        System.out.printf(
                Locale.ROOT,
                "Strata JVM at the end: heap %d MiB live (after a full GC), RSS %d MiB (max %d),"
                        + " %d threads (max %d during the run)%n",
                heapKb / 1024,
                field(text, "VmRSS") / 1024,
                maxRssKb / 1024,
                field(text, "Threads"),
                maxThreads);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}

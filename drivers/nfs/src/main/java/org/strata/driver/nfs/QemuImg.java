package org.strata.driver.nfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * QEMU's image tool on {@code nfs://} URLs (QEMU's libnfs, Debian package qemu-block-extra), run as a process with
 * its arguments as a list (no shell) and a time limit on every call. It writes the images QEMU will read, so the
 * formats are QEMU's own; the driver never writes image data itself.
 */
final class QemuImg {

    private static final Pattern PROGRESS = Pattern.compile("\\((\\d{1,3})(?:\\.\\d+)?/100%\\)");
    private static final long POLL_MILLIS = 200;
    private static final int MAX_ERROR_CHARS = 2000;

    private final String executable;
    private final Duration shortCall;
    private final Duration copy;

    /**
     * @param shortCall the limit for create and resize, which write a header or a size
     * @param copy      the limit for convert, which copies a whole disk
     */
    QemuImg(String executable, Duration shortCall, Duration copy) {
        this.executable = executable;
        this.shortCall = shortCall;
        this.copy = copy;
    }

    void create(String url, String format, long bytes) {
        run(List.of(executable, "create", "-q", "-f", format, url, Long.toString(bytes)), shortCall, null, url);
    }

    void resize(String url, String format, long bytes) {
        run(List.of(executable, "resize", "-q", "-f", format, url, Long.toString(bytes)), shortCall, null, url);
    }

    /** Copies {@code source} into {@code target} (which it writes over), telling {@code progress} whole percents. */
    void convert(String source, String sourceFormat, String target, String targetFormat, IntConsumer progress) {
        List<String> command = new ArrayList<>(List.of(executable, "convert"));
        if (progress != null) {
            command.add("-p");
        }
        if (sourceFormat != null) {
            command.addAll(List.of("-f", sourceFormat));
        }
        command.addAll(List.of("-O", targetFormat, source, target));
        run(command, copy, progress, source);
    }

    /**
     * A qcow2 overlay of {@code backingUrl}, as big as its base. The backing file is written as the base's whole
     * nfs:// URL: QEMU 7.2 resolves a relative one against the overlay's URL as if that were a directory
     * ({@code nfs://host/export/pool/link.qcow2/base.qcow2}) and cannot open it.
     */
    void createLinked(String url, String backingUrl, String backingFormat, long bytes) {
        run(
                List.of(
                        executable,
                        "create",
                        "-q",
                        "-f",
                        "qcow2",
                        "-b",
                        backingUrl,
                        "-F",
                        backingFormat,
                        url,
                        Long.toString(bytes)),
                shortCall,
                null,
                url);
    }

    /** An internal snapshot of a qcow2 image, as {@code qemu-img info} lists it. */
    record Snapshot(String id, String name, Instant created) {}

    /** The internal snapshots of a qcow2 image, oldest first; its backing file, if any, is not opened. */
    List<Snapshot> snapshots(String url) {
        return parseSnapshots(
                run(List.of(executable, "info", "--output=json", "-f", "qcow2", url), shortCall, null, url));
    }

    /**
     * Takes ({@code -c}), applies ({@code -a}) or deletes ({@code -d}) an internal snapshot. {@code qemu-img snapshot}
     * has no {@code -f}: the image options name the format, so the image is never probed as another.
     */
    void snapshot(String op, String name, String server, String path) {
        // Structured options: qemu-img's NFS driver takes no "filename" among them. The address's checks keep
        // commas (the option separator) out of both.
        String opts =
                "driver=qcow2,file.driver=nfs,file.server.type=inet,file.server.host=" + server + ",file.path=" + path;
        run(List.of(executable, "snapshot", "--image-opts", op, name, opts), shortCall, null, "nfs://" + server + path);
    }

    /**
     * The {@code "snapshots"} array of {@code qemu-img info --output=json}: flat objects, the only ones in that
     * document with both a {@code "name"} and a {@code "date-sec"}.
     */
    static List<Snapshot> parseSnapshots(String json) {
        List<Snapshot> snapshots = new ArrayList<>();
        Matcher array = Pattern.compile("\"snapshots\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        if (!array.find()) {
            return snapshots;
        }
        Matcher object = Pattern.compile("\\{([^{}]*)\\}").matcher(array.group(1));
        while (object.find()) {
            String o = object.group(1);
            String name = field(o, "name");
            String id = field(o, "id");
            if (name == null || id == null) {
                continue;
            }
            long sec = number(o, "date-sec");
            long nsec = number(o, "date-nsec");
            snapshots.add(new Snapshot(id, name, Instant.ofEpochSecond(sec, nsec)));
        }
        snapshots.sort(Comparator.comparing(Snapshot::created)
                .thenComparing(s -> s.id().length())
                .thenComparing(Snapshot::id));
        return snapshots;
    }

    private static String field(String object, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(object);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    private static long number(String object, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d{1,18})").matcher(object);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** What an image file to import is, and which other files qemu-img would read with it. */
    record Image(String format, List<String> referencedFiles) {}

    /**
     * Reads a local image's format and the files it refers to (a backing file, VMDK extents): every
     * {@code "filename"} and {@code "backing-filename"} of {@code qemu-img info --output=json} but the image's own.
     * A pattern is enough for this one trusted document; the libvirt-dir driver carries a small JSON reader for
     * more of it.
     */
    Image inspect(String file) {
        String json = run(List.of(executable, "info", "--output=json", file), shortCall, null, file);
        Matcher format = Pattern.compile("\"format\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(json);
        if (!format.find()) {
            throw new DriverException(Fault.DRIVER_FAILURE, "qemu-img info did not name the format of " + file);
        }
        List<String> files = new ArrayList<>();
        Matcher names = Pattern.compile("\"(?:backing-)?filename\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(json);
        while (names.find()) {
            String name = names.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            if (!name.equals(file)) {
                files.add(name);
            }
        }
        return new Image(format.group(1), List.copyOf(files));
    }

    private String run(List<String> command, Duration limit, IntConsumer progress, String subject) {
        String verb = command.get(1);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot run '" + executable + "': the NFS driver needs qemu-img with QEMU's NFS support on this"
                            + " machine (Debian packages qemu-utils and qemu-block-extra)",
                    e);
        }
        AtomicInteger percent = new AtomicInteger(-1);
        Drain out = Drain.of(
                process.getInputStream(),
                progress == null
                        ? null
                        : line -> {
                            Matcher m = PROGRESS.matcher(line);
                            if (m.find()) {
                                percent.accumulateAndGet(Math.min(100, Integer.parseInt(m.group(1))), Math::max);
                            }
                        });
        Drain err = Drain.of(process.getErrorStream(), null);
        long deadline = System.nanoTime() + limit.toNanos();
        int told = -1;
        boolean exited = false;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                told = tell(progress, percent.get(), told);
                if (System.nanoTime() - deadline > 0) {
                    throw new DriverException(
                            Fault.DRIVER_FAILURE,
                            "qemu-img " + verb + " of " + subject + " did not finish within " + limit.toSeconds()
                                    + " s and was stopped");
                }
            }
            exited = true;
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "qemu-img " + verb + " of " + subject + " was interrupted", e);
        } finally {
            // Whatever ended the wait, qemu-img must not go on writing a file the caller is about to remove.
            if (!exited) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "qemu-img " + verb + " failed for " + subject + ": " + message(err.text(), process.exitValue()));
        }
        if (progress != null) {
            tell(progress, 100, told);
        }
        return out.text();
    }

    private static int tell(IntConsumer progress, int now, int told) {
        if (progress != null && now > told) {
            progress.accept(now);
            return now;
        }
        return Math.max(now, told);
    }

    private static String message(String stderr, int exit) {
        String text = stderr.strip().replace("qemu-img: ", "");
        if (text.isEmpty()) {
            return "qemu-img exited with status " + exit;
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }

    /** Reads a process's output on a thread of its own, so that a full pipe never stalls the process. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();

        private Drain(InputStream in, java.util.function.Consumer<String> lines) {
            super("strata-nfs-qemu-img-reader");
            setDaemon(true);
            this.in = in;
            this.lines = lines;
        }

        static Drain of(InputStream in, java.util.function.Consumer<String> lines) {
            Drain drain = new Drain(in, lines);
            drain.start();
            return drain;
        }

        @Override
        public void run() {
            // qemu-img ends each progress report with '\r', not '\n': lines are split on both.
            StringBuilder line = new StringBuilder();
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (text) {
                        if (text.size() < 1 << 20) {
                            text.write(buffer, 0, n);
                        }
                    }
                    if (lines == null) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        char c = (char) buffer[i];
                        if (c == '\r' || c == '\n') {
                            lines.accept(line.toString());
                            line.setLength(0);
                        } else if (line.length() < 1024) {
                            line.append(c);
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read is all there is.
            }
        }

        String text() {
            synchronized (text) {
                return text.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

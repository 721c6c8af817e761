package org.strata.driver.libvirt.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * QEMU's image tool, run as a process (no shell: every argument is passed as it is). It is the one program
 * that reads VMDK, VHD and VHDX and writes qcow2; libvirt itself cannot convert between formats.
 */
final class QemuImg {

    private static final Pattern PROGRESS = Pattern.compile("\\((\\d{1,3})(?:\\.\\d+)?/100%\\)");
    private static final long INFO_TIMEOUT_SECONDS = 60;
    private static final Pattern LOCKED = Pattern.compile("Failed to get \"[a-z]+\" lock");
    /** How often the caller's thread looks at the progress a conversion has made. */
    private static final long POLL_MILLIS = 200;
    /** Enough of qemu-img's error output to explain a failure, not enough to flood a task's message. */
    private static final int MAX_ERROR_CHARS = 2000;

    private final String executable;

    QemuImg(String executable) {
        this.executable = executable;
    }

    String executable() {
        return executable;
    }

    /** Reads an image's format and size; {@code format} null lets qemu-img probe it. */
    ImageInfo info(Path image, String format) {
        List<String> command = new ArrayList<>(List.of(executable, "info", "--output=json"));
        if (format != null) {
            command.add("-f");
            command.add(format);
        }
        command.add(image.toString());
        return parseInfo(run(command, "read " + image));
    }

    /** An internal snapshot of a qcow2 file, as {@code qemu-img info} lists it. */
    record Snapshot(String id, String name, Instant created) {}

    /**
     * The internal snapshots of a qcow2 file, oldest first. {@code -U} (share): a VM running on the file holds its
     * write lock, and reading the list must not need it.
     */
    List<Snapshot> snapshots(Path image) {
        return parseSnapshots(run(
                List.of(executable, "info", "-U", "--output=json", "-f", "qcow2", image.toString()), "read " + image));
    }

    /**
     * Takes ({@code -c}), applies ({@code -a}) or deletes ({@code -d}) an internal snapshot. These take the file's
     * write lock, so a VM running on it makes them fail: that is a {@code CONFLICT}, not a driver failure.
     */
    void snapshot(String op, String name, Path image) {
        // qemu-img snapshot has no -f: the options name the format, so a file is never probed into another one.
        String opts = "driver=qcow2,file.driver=file,file.filename="
                + image.toString().replace(",", ",,");
        run(List.of(executable, "snapshot", "--image-opts", op, name, opts), "snapshot " + image);
    }

    @SuppressWarnings("unchecked")
    static List<Snapshot> parseSnapshots(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "qemu-img info answered something unreadable: " + e.getMessage());
        }
        List<Snapshot> snapshots = new ArrayList<>();
        if (parsed instanceof Map<?, ?> info && info.get("snapshots") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> s
                        && s.get("name") instanceof String name
                        && s.get("id") instanceof String id) {
                    long sec = s.get("date-sec") instanceof Long l ? l : 0;
                    long nsec = s.get("date-nsec") instanceof Long l ? l : 0;
                    snapshots.add(new Snapshot(id, name, Instant.ofEpochSecond(sec, nsec)));
                }
            }
        }
        // qemu-img lists them by id, which grows with each snapshot; the date breaks no tie the id would not.
        snapshots.sort(Comparator.comparing(Snapshot::created).thenComparing(s -> idNumber(s.id())));
        return snapshots;
    }

    private static long idNumber(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Runs a short qemu-img command and returns what it printed; {@code what} names the job in errors. */
    private String run(List<String> command, String what) {
        Process process = start(command);
        Drain out = Drain.of(process.getInputStream(), null);
        Drain err = Drain.of(process.getErrorStream(), null);
        try {
            if (!process.waitFor(INFO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DriverException(
                        Fault.DRIVER_FAILURE, "qemu-img did not " + what + " within " + INFO_TIMEOUT_SECONDS + " s");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, "interrupted while waiting for qemu-img to " + what, e);
        }
        if (process.exitValue() != 0) {
            String message = message(err.text(), process.exitValue());
            // QEMU's image locking ('Failed to get "write" lock'): a running VM (or another qemu-img) has the file
            // open for writing. Matched in full: "lock" alone is in "block", which many other errors say.
            Fault fault = LOCKED.matcher(message).find() ? Fault.CONFLICT : Fault.DRIVER_FAILURE;
            throw new DriverException(
                    fault,
                    "qemu-img cannot " + what + ": " + message
                            + (fault == Fault.CONFLICT ? " (the file is in use, by a running VM for instance)" : ""));
        }
        return out.text();
    }

    /**
     * Converts {@code source} into {@code target} (which it overwrites), telling {@code progress} each new whole
     * percentage from the caller's thread. If the calling thread is interrupted, qemu-img is killed.
     */
    void convert(Path source, String sourceFormat, Path target, String targetFormat, IntConsumer progress) {
        convert(source, sourceFormat, target, targetFormat, progress, false);
    }

    /**
     * {@link #convert} that may read a source a paused VM holds ({@code -U}: QEMU keeps its write lock while paused).
     * Only for a copy whose caller made sure nothing writes the source meanwhile: the platform pauses a running VM
     * while it clones its disks.
     */
    void convert(
            Path source, String sourceFormat, Path target, String targetFormat, IntConsumer progress, boolean share) {
        List<String> command = new java.util.ArrayList<>(List.of(executable, "convert", "-p"));
        if (share) {
            command.add("-U");
        }
        command.addAll(List.of("-f", sourceFormat, "-O", targetFormat, source.toString(), target.toString()));
        Process process = start(command);
        AtomicInteger percent = new AtomicInteger(-1);
        Drain out = Drain.of(process.getInputStream(), line -> {
            Matcher m = PROGRESS.matcher(line);
            if (m.find()) {
                percent.accumulateAndGet(Math.min(100, Integer.parseInt(m.group(1))), Math::max);
            }
        });
        Drain err = Drain.of(process.getErrorStream(), null);
        int told = -1;
        boolean exited = false;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                told = tell(progress, percent.get(), told);
            }
            exited = true;
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, "conversion of " + source + " was interrupted", e);
        } finally {
            // Whatever stopped the wait (an interrupt, a progress listener that threw), qemu-img must not go on
            // writing a file the caller is about to remove.
            if (!exited) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "qemu-img could not convert " + source + ": " + message(err.text(), process.exitValue()));
        }
        tell(progress, 100, told);
    }

    private static int tell(IntConsumer progress, int now, int told) {
        if (now > told && progress != null) {
            progress.accept(now);
            return now;
        }
        return Math.max(now, told);
    }

    private Process start(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot run '" + executable
                            + "': importing images needs qemu-img on this machine (Debian package qemu-utils)",
                    e);
        }
    }

    private static String message(String stderr, int exit) {
        String text = stderr.strip();
        if (text.isEmpty()) {
            return "qemu-img exited with status " + exit;
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text;
    }

    @SuppressWarnings("unchecked")
    static ImageInfo parseInfo(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "qemu-img info answered something unreadable: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> info) || !(info.get("format") instanceof String format)) {
            throw new DriverException(Fault.DRIVER_FAILURE, "qemu-img info did not name the image's format");
        }
        long size = info.get("virtual-size") instanceof Long l ? l : -1;
        String backing = info.get("backing-filename") instanceof String b ? b : null;
        List<String> extents = new ArrayList<>();
        if (info.get("format-specific") instanceof Map<?, ?> specific
                && specific.get("data") instanceof Map<?, ?> data
                && data.get("extents") instanceof List<?> list) {
            for (Object extent : list) {
                if (extent instanceof Map<?, ?> e && e.get("filename") instanceof String file) {
                    extents.add(file);
                }
            }
        }
        return new ImageInfo(format, size, backing, extents);
    }

    /** Reads a process's output on a thread of its own, so that a full pipe never stalls the process. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();

        private Drain(InputStream in, java.util.function.Consumer<String> lines) {
            super("strata-qemu-img-reader");
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
                    if (lines == null) {
                        synchronized (text) {
                            if (text.size() < 1 << 20) {
                                text.write(buffer, 0, n);
                            }
                        }
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
                if (lines != null && line.length() > 0) {
                    lines.accept(line.toString());
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

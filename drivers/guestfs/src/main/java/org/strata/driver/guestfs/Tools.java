package org.strata.driver.guestfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * libguestfs' command-line tools run as processes: arguments as a list (no shell on this side), the environment
 * libguestfs needs, a time limit, and the whole process tree (the tool and the QEMU of its appliance) killed when the
 * limit passes or the caller is interrupted, so that no appliance goes on writing a disk the caller gives up on.
 */
final class Tools {

    /** What a tool printed and how it ended. {@code output} is standard output; {@code errors} standard error. */
    record Result(int exit, String output, String errors) {}

    /** Standard output may be a whole inspection (descriptions of every package): a limit, not a tail. */
    private static final int MAX_OUTPUT = 64 << 20;
    /** Of standard error only the end tells why a tool failed. */
    private static final int MAX_ERRORS = 256 << 10;

    private final Path directory;
    private final boolean forceTcg;
    private final Duration timeout;
    /** Each run boots an appliance: a CPU-bound QEMU under TCG and over a GiB of memory. */
    private final Semaphore appliances;

    Tools(Path directory, boolean forceTcg, Duration timeout, int maxAppliances) {
        this.directory = directory;
        this.forceTcg = forceTcg;
        this.timeout = timeout;
        this.appliances = new Semaphore(maxAppliances, true);
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code tool} (a file of the tools' folder) with {@code args}; {@code tmp} is the call's own folder, where
     * libguestfs keeps its per-launch files (the caller removes it, also after a kill). {@code subject} names the
     * disk in messages, without user info.
     */
    Result run(String tool, List<String> args, Path tmp, String subject) {
        try {
            if (!appliances.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        tool + " on " + subject + " waited " + timeout.toSeconds() + " s for one of the driver's"
                                + " appliances (max.appliances in its configuration) and was given up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, tool + " on " + subject + " was interrupted", e);
        }
        try {
            return runNow(tool, args, tmp, subject);
        } finally {
            appliances.release();
        }
    }

    private Result runNow(String tool, List<String> args, Path tmp, String subject) {
        List<String> command = new ArrayList<>();
        command.add(directory.resolve(tool).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        Map<String, String> env = builder.environment();
        // The direct backend: libguestfs runs QEMU itself (the libvirt backend would need a libvirtd and its
        // permissions on the disk).
        env.put("LIBGUESTFS_BACKEND", "direct");
        if (forceTcg) {
            env.put("LIBGUESTFS_BACKEND_SETTINGS", "force_tcg");
        } else {
            env.remove("LIBGUESTFS_BACKEND_SETTINGS");
        }
        // Per-launch files in the call's folder; the appliance cache (LIBGUESTFS_CACHEDIR, else TMPDIR, else
        // /var/tmp) stays shared, or every call would build the appliance again.
        env.put("LIBGUESTFS_TMPDIR", tmp.toString());
        env.remove("LIBGUESTFS_DEBUG");
        env.remove("LIBGUESTFS_TRACE");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot run " + command.get(0) + ": the disk image tools driver needs libguestfs' tools on this"
                            + " machine (Debian packages libguestfs-tools and linux-image-amd64), or tools.dir in"
                            + " its configuration naming their folder",
                    e);
        }
        Drain out = Drain.of(process.getInputStream(), MAX_OUTPUT, false);
        Drain err = Drain.of(process.getErrorStream(), MAX_ERRORS, true);
        boolean exited = false;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        tool + " on " + subject + " did not finish within " + timeout.toSeconds()
                                + " s and was stopped (timeout.seconds in the driver's configuration)");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(
                    Fault.DRIVER_FAILURE, tool + " on " + subject + " was interrupted and stopped", e);
        } finally {
            if (!exited) {
                killTree(process);
            }
        }
        if (out.overflowed()) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    tool + " on " + subject + " printed more than " + (MAX_OUTPUT >> 20) + " MiB");
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    /**
     * The tool and everything it started. The descendants are listed before the tool dies: once it is gone its
     * children belong to init and can no longer be found from it.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /** Reads a process's stream on a thread of its own, so that a full pipe never stalls the process. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int limit;
        private final boolean keepTail;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private boolean overflowed;

        private Drain(InputStream in, int limit, boolean keepTail) {
            super("strata-guestfs-reader");
            setDaemon(true);
            this.in = in;
            this.limit = limit;
            this.keepTail = keepTail;
        }

        static Drain of(InputStream in, int limit, boolean keepTail) {
            Drain drain = new Drain(in, limit, keepTail);
            drain.start();
            return drain;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (text) {
                        if (text.size() + n <= limit) {
                            text.write(buffer, 0, n);
                        } else if (keepTail) {
                            byte[] all = text.toByteArray();
                            text.reset();
                            int keep = Math.max(0, limit / 2 - n);
                            text.write(all, all.length - Math.min(keep, all.length), Math.min(keep, all.length));
                            text.write(buffer, 0, n);
                        } else {
                            overflowed = true;
                        }
                    }
                }
            } catch (IOException e) {
                // The process is gone; what was read is all there is.
            }
        }

        boolean overflowed() {
            synchronized (text) {
                return overflowed;
            }
        }

        String text() {
            synchronized (text) {
                return text.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

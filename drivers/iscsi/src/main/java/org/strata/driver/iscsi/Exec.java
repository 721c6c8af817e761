package org.strata.driver.iscsi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** Runs a program (no shell: every argument is passed as it is) and collects what it printed, both streams. */
final class Exec {

    /** What a program did: its exit status and its output, stdout and stderr together. */
    record Result(int exit, String output) {}

    private Exec() {}

    /**
     * @param what    for messages: what running it is for ("copy volume 'a'")
     * @param missing said when the program cannot be started (which package has it)
     */
    static Result run(List<String> command, long timeoutSeconds, String what, String missing) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot " + what + ": cannot run '" + command.get(0) + "' (" + missing + ")",
                    e);
        }
        try {
            process.getOutputStream().close(); // the programs run here read nothing
        } catch (IOException e) {
            // nothing to close
        }
        Drain out = Drain.of(process.getInputStream());
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DriverException(
                        Fault.UNREACHABLE,
                        "cannot " + what + ": " + command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            out.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, "interrupted while trying to " + what, e);
        }
        return new Result(process.exitValue(), out.text());
    }

    /** Reads a process's output on a thread of its own, so that a full pipe never stalls it. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();

        private Drain(InputStream in) {
            super("strata-iscsi-exec-reader");
            setDaemon(true);
            this.in = in;
        }

        static Drain of(InputStream in) {
            Drain drain = new Drain(in);
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
                        if (text.size() < 16 << 20) {
                            text.write(buffer, 0, n);
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

package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The README's launcher, ./strata, on an installation of its own (STRATA_HOME), as an operator uses it (issue 14,
 * finding 10 and the health it waits on): stop returns once the JVM is gone, so that start, stop, stop, start works;
 * restart; status tells readiness; a start on a damaged repository fails at once with the reason.
 */
public class LauncherIT {

    private Path home;

    @Before
    public void folder() throws Exception {
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-");
        Files.delete(home); // the launcher unpacks into a folder it makes
    }

    @After
    public void remove() throws Exception {
        if (Files.exists(home.resolve("karaf.pid"))) {
            strata("stop");
        }
        StrataTestSupport.execute(List.of("rm", "-rf", home.toString()), Map.of());
    }

    private StrataTestSupport.ProgramResult strata(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "bash", Path.of("..", "strata").toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        return StrataTestSupport.execute(
                command,
                Map.of(
                        "STRATA_HOME",
                        home.toString(),
                        "STRATA_ADMIN_PASSWORD",
                        "launcher-test",
                        "JAVA_HOME",
                        System.getProperty("java.home")),
                java.time.Duration.ofMinutes(5));
    }

    private long pid() throws Exception {
        return Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
    }

    /** Running, as the launcher means it: a process that has exited and waits only to be collected (Z) is not. */
    private static boolean alive(long pid) throws Exception {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String fields = Files.readString(stat);
            String state = fields.substring(fields.lastIndexOf(')') + 2, fields.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    @Test
    public void startStopStopStartRestartAndAFailedStart() throws Exception {
        var started = strata("start");
        assertEquals(started.output(), 0, started.exitStatus());
        assertTrue(started.output(), started.output().contains("Strata is running"));
        assertTrue(started.output(), started.output().contains("SHA-256 fingerprint"));
        var status = strata("status");
        assertEquals(status.output(), 0, status.exitStatus());
        assertTrue(status.output(), status.output().contains("ready"));
        assertTrue(status.output(), status.output().contains("repository"));

        long first = pid();
        var stopped = strata("stop");
        assertEquals(stopped.output(), 0, stopped.exitStatus());
        assertFalse("stop returned only once the JVM was gone", alive(first));
        var again = strata("stop");
        assertEquals(again.output(), 0, again.exitStatus());
        assertTrue(again.output(), again.output().contains("not running"));
        var restartedByStart = strata("start");
        assertEquals(restartedByStart.output(), 0, restartedByStart.exitStatus());

        long second = pid();
        var restarted = strata("restart");
        assertEquals(restarted.output(), 0, restarted.exitStatus());
        assertFalse(alive(second));
        assertNotEquals(second, pid());
        assertTrue(alive(pid()));

        assertEquals(0, strata("stop").exitStatus());
        Files.write(home.resolve("data/strata/repository.mv.db"), new byte[0]);
        var failed = strata("start");
        assertNotEquals(failed.output(), 0, failed.exitStatus());
        assertTrue(failed.output(), failed.output().contains("Strata cannot start: the configuration repository"));
        assertFalse("nothing left running", alive(pid()));
        assertEquals(3, strata("status").exitStatus());
    }
}

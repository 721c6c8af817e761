package org.strata.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.task.TaskState;

public class ArgumentsTest {

    @Test
    public void taskStateInAnyCase() {
        assertEquals(TaskState.RUNNING, Arguments.taskState("running"));
        assertEquals(TaskState.FAILED, Arguments.taskState(" FAILED "));
        assertEquals(TaskState.CANCELLED, Arguments.taskState("Cancelled"));
        assertNull(Arguments.taskState(null));
    }

    @Test
    public void unknownTaskStateNamesTheValidOnes() {
        StrataException e = invalid(() -> Arguments.taskState("done"));
        assertEquals(
                "unknown task state 'done', use one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED", e.getMessage());
    }

    @Test
    public void waitSecondsAreBounded() {
        assertEquals(1, Arguments.waitSeconds(1));
        assertEquals(3600, Arguments.waitSeconds(3600));
        assertEquals(
                "--timeout must be between 1 and 3600 seconds, was 0",
                invalid(() -> Arguments.waitSeconds(0)).getMessage());
        invalid(() -> Arguments.waitSeconds(3601));
        invalid(() -> Arguments.waitSeconds(-5));
    }

    @Test
    public void requireAnyAcceptsOnePresentValue() {
        Arguments.requireAny("give one", null, "x");
        Arguments.requireAny("give one", "", null);
        assertEquals(
                "give --name, --description or both",
                invalid(() -> Arguments.requireAny("give --name, --description or both", null, null))
                        .getMessage());
    }

    @Test
    public void sinceIsADurationBackOrAnInstant() {
        java.time.Instant now = java.time.Instant.parse("2026-01-02T03:00:00Z");
        assertEquals(java.time.Instant.parse("2026-01-02T02:50:00Z"), Arguments.since("--since", "10m", now));
        assertEquals(java.time.Instant.parse("2026-01-02T02:59:30Z"), Arguments.since("--since", " 30s ", now));
        assertEquals(java.time.Instant.parse("2026-01-02T01:00:00Z"), Arguments.since("--since", "2h", now));
        assertEquals(java.time.Instant.parse("2026-01-01T03:00:00Z"), Arguments.since("--since", "1d", now));
        assertEquals(
                java.time.Instant.parse("2026-01-01T23:00:00Z"),
                Arguments.since("--since", "2026-01-02T00:00:00+01:00", now));
        assertNull(Arguments.since("--since", null, now));
        invalid(() -> Arguments.since("--since", "10 minutes", now));
        invalid(() -> Arguments.since("--since", "-5m", now));
    }

    @Test
    public void listsAreCommaSeparated() {
        assertEquals(java.util.List.of("cdrom", "disk"), Arguments.list(" cdrom, disk,,"));
        assertEquals(java.util.List.of(), Arguments.list(null));
    }

    private static StrataException invalid(Runnable call) {
        try {
            call.run();
        } catch (StrataException e) {
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
            return e;
        }
        fail("expected INVALID_INPUT");
        return null;
    }
}

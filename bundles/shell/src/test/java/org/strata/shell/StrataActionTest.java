package org.strata.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Command;
import org.junit.After;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

public class StrataActionTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Command(scope = "strata", name = "test")
    static final class Failing extends StrataAction {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        protected void run() throws Exception {
            out().println("started");
            throw failure;
        }
    }

    private Object execute(StrataAction action) {
        action.redirect(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return action.execute();
        } catch (StrataAction.CommandFailure failure) {
            // What Karaf's console prints for a command that throws.
            new PrintStream(err, true, StandardCharsets.UTF_8)
                    .println("Error executing command: " + failure.getMessage());
            assertNull("no stack trace to print", failure.getStackTrace().length == 0 ? null : "trace");
            return null;
        }
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @After
    public void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    public void strataExceptionPrintsCodeAndMessageWithoutStackTrace() {
        Object result = execute(new Failing(StrataException.notFound("Host", "h-42")));

        assertNull(result);
        assertEquals("Error executing command: NOT_FOUND: Host 'h-42' does not exist" + System.lineSeparator(), err());
        assertEquals("started" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void strataExceptionWithCauseStillShowsOnlyTheMessage() {
        execute(new Failing(new StrataException(
                ErrorCode.UNREACHABLE,
                "host 10.0.0.9 did not answer",
                new java.net.ConnectException("Connection refused"))));

        assertEquals(
                "Error executing command: UNREACHABLE: host 10.0.0.9 did not answer" + System.lineSeparator(), err());
        assertFalse(err().contains("ConnectException"));
        assertFalse(err().contains("\tat "));
    }

    @Test
    public void otherExceptionsAreHiddenBehindAnInternalError() {
        Object result = execute(new Failing(new IllegalStateException("secret detail")));

        assertNull(result);
        assertEquals("Error executing command: " + StrataAction.INTERNAL_ERROR + System.lineSeparator(), err());
        assertFalse(err().contains("secret detail"));
        assertFalse(err().contains("IllegalStateException"));
    }

    @Test
    public void checkedExceptionsAreHiddenToo() {
        execute(new Failing(new java.io.IOException("stream closed")));

        assertEquals("Error executing command: " + StrataAction.INTERNAL_ERROR + System.lineSeparator(), err());
    }

    @Test
    public void interruptionIsReportedAndTheFlagKept() {
        execute(new Failing(new InterruptedException()));

        assertEquals("Error executing command: interrupted" + System.lineSeparator(), err());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    public void successPrintsNothingOnTheErrorStream() {
        StrataAction ok = new StrataAction() {
            @Override
            protected void run() {
                out().println("fine");
            }
        };
        assertNull(execute(ok));
        assertEquals("", err());
        assertEquals("fine" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void commandNameComesFromTheAnnotation() {
        assertEquals("strata:test", new Failing(null).commandName());
    }

    @Test
    public void withoutRedirectionTheSessionStreamsAreUsed() {
        StrataAction action = new Failing(null);
        assertTrue(action.out() == System.out);
        assertTrue(action.err() == System.err);
    }

    @Test
    public void invalidPagingIsAnInvalidInputError() {
        PagedAction list = new PagedAction() {
            @Override
            protected void run() {
                page();
            }
        };
        list.limit = 0;
        execute(list);
        assertEquals(
                "Error executing command: INVALID_INPUT: limit must be between 1 and 500, was 0"
                        + System.lineSeparator(),
                err());
    }
}

package org.strata.core.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.TaskState;
import org.strata.core.H2Repository;
import org.strata.repository.jdbc.JdbcConfigRepository;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

public class TaskManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private TaskManager tasks;

    @Before
    public void open() throws Exception {
        repository = H2Repository.open(folder.getRoot().toPath().resolve("key"));
        tasks = new TaskManager(repository, Clock.systemUTC(), 1);
    }

    @After
    public void close() {
        tasks.close();
        repository.close();
    }

    @Test
    public void aTaskRunsToSuccessWithItsResultKept() throws Exception {
        Task queued = tasks.submit("demo.op", "host", "h1", "alice", ctx -> {
            ctx.progress(40, "half-way");
            return "42 things";
        });
        assertEquals(TaskState.QUEUED, queued.state());
        Task done = tasks.await(queued.id(), WAIT);
        assertEquals(TaskState.SUCCEEDED, done.state());
        assertEquals(100, done.progress());
        assertEquals("42 things", done.result());
        assertEquals("alice", done.principal());
        assertTrue(done.finished() != null && done.started() != null);
        assertEquals(done, tasks.task(queued.id()));
        assertEquals(1, tasks.tasks(TaskState.SUCCEEDED, PageRequest.first()).total());
    }

    @Test
    public void failuresKeepTheirErrorCode() throws Exception {
        Task strata = tasks.submit("op", "host", "h", "u", ctx -> {
            throw StrataException.conflict("busy");
        });
        Task driver = tasks.submit("op", "host", "h", "u", ctx -> {
            throw new DriverException(Fault.UNREACHABLE, "no route to host");
        });
        Task bug = tasks.submit("op", "host", "h", "u", ctx -> {
            throw new IllegalStateException("secret internals");
        });
        assertEquals(ErrorCode.CONFLICT, tasks.await(strata.id(), WAIT).errorCode());
        Task unreachable = tasks.await(driver.id(), WAIT);
        assertEquals(TaskState.FAILED, unreachable.state());
        assertEquals(ErrorCode.UNREACHABLE, unreachable.errorCode());
        assertEquals("no route to host", unreachable.errorMessage());
        Task internal = tasks.await(bug.id(), WAIT);
        assertEquals(ErrorCode.INTERNAL, internal.errorCode());
        assertTrue("internals stay in the log", internal.errorMessage().startsWith("internal error; reference "));
    }

    @Test
    public void aDriverFailureIsReportedInWordsWhateverItsMessage() throws Exception {
        Task noMessage = tasks.submit("op", "host", "h", "u", ctx -> {
            throw new DriverException(Fault.UNREACHABLE, null, new ClosedChannelException());
        });
        Task className = tasks.submit("op", "host", "h", "u", ctx -> {
            throw new DriverException(Fault.DRIVER_FAILURE, "java.io.EOFException");
        });
        Task stackTrace = tasks.submit("op", "host", "h", "u", ctx -> {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot start vm1: java.lang.IllegalStateException: "
                    + "no such domain\n\tat org.acme.Session.start(Session.java:12)");
        });
        assertEquals("the host did not answer: the connection was closed",
                tasks.await(noMessage.id(), WAIT).errorMessage());
        assertEquals("the connection was closed", tasks.await(className.id(), WAIT).errorMessage());
        assertEquals("cannot start vm1: no such domain", tasks.await(stackTrace.id(), WAIT).errorMessage());
    }

    @Test
    public void aRunningTaskIsCancelledAndAQueuedOneNeverRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Task running = tasks.submit("long", "host", "h", "u", ctx -> {
            started.countDown();
            never.await();
            return "finished";
        });
        boolean[] secondRan = {false};
        Task queued = tasks.submit("next", "host", "h", "u", ctx -> {
            secondRan[0] = true;
            return null;
        });
        started.await();
        assertEquals(TaskState.RUNNING, tasks.task(running.id()).state());

        Task cancelledQueued = tasks.cancel(queued.id(), "bob");
        assertEquals(TaskState.CANCELLED, cancelledQueued.state());

        tasks.cancel(running.id(), "bob");
        Task cancelled = tasks.await(running.id(), WAIT);
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertNull(cancelled.result());
        assertEquals(TaskState.CANCELLED, tasks.task(queued.id()).state());
        assertTrue("the queued task never ran", !secondRan[0]);

        StrataException again = assertThrows(StrataException.class, () -> tasks.cancel(running.id(), "bob"));
        assertEquals(ErrorCode.CONFLICT, again.code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StrataException.class, () -> tasks.cancel("nope", "bob")).code());
    }

    @Test
    public void tasksLeftRunningByACrashAreMarkedFailedAtStart() {
        Task orphan = new Task("orphan-1", "op", "host", "h", TaskState.RUNNING, 30, "running", null, null, null,
                "u", Instant.now(), Instant.now(), null);
        repository.saveTask(orphan);
        TaskManager restarted = new TaskManager(repository, Clock.systemUTC(), 1);
        try {
            Task after = restarted.task("orphan-1");
            assertEquals(TaskState.FAILED, after.state());
            assertTrue(after.errorMessage().contains("interrupted"));
        } finally {
            restarted.close();
        }
    }
}

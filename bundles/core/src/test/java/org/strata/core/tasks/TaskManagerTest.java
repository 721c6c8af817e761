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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.core.H2Repository;
import org.strata.engine.Lane;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
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
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot start vm1: java.lang.IllegalStateException: "
                            + "no such domain\n\tat org.acme.Session.start(Session.java:12)");
        });
        assertEquals(
                "the host did not answer: the connection was closed",
                tasks.await(noMessage.id(), WAIT).errorMessage());
        assertEquals(
                "the connection was closed", tasks.await(className.id(), WAIT).errorMessage());
        assertEquals(
                "cannot start vm1: no such domain",
                tasks.await(stackTrace.id(), WAIT).errorMessage());
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
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> tasks.cancel("nope", "bob"))
                        .code());
    }

    @Test
    public void runningAndQueuedTasksAreListedByTheirLiveStateAndStoredOnlyAtTheirStatesThatLast() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Task running = tasks.submit("long", "host", "h", "u", ctx -> {
            started.countDown();
            release.await();
            return "finished";
        });
        Task queued = tasks.submit("next", "host", "h", "u", ctx -> "second");
        started.await();

        assertEquals(
                java.util.List.of(running.id()),
                tasks.tasks(TaskState.RUNNING, PageRequest.first()).items().stream()
                        .map(Task::id)
                        .toList());
        assertEquals(
                java.util.List.of(queued.id()),
                tasks.tasks(TaskState.QUEUED, PageRequest.first()).items().stream()
                        .map(Task::id)
                        .toList());
        assertEquals(
                0,
                tasks.tasks(TaskState.RUNNING, new PageRequest(1, 10)).items().size());
        assertEquals(1, tasks.tasks(TaskState.RUNNING, new PageRequest(1, 10)).total());
        // the unfiltered list shows the live state over what the repository keeps
        assertEquals(
                TaskState.RUNNING,
                tasks.tasks(null, PageRequest.first()).items().stream()
                        .filter(t -> t.id().equals(running.id()))
                        .findFirst()
                        .orElseThrow()
                        .state());
        // a start is not a commit: the row stays as submitted until the task ends, when it gets its start time
        assertEquals(
                TaskState.QUEUED, repository.task(running.id()).orElseThrow().state());

        release.countDown();
        Task done = tasks.await(running.id(), WAIT);
        Task stored = repository.task(running.id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, stored.state());
        assertEquals(done.started(), stored.started());
        assertEquals("second", tasks.await(queued.id(), WAIT).result());
        assertEquals(0, tasks.tasks(TaskState.RUNNING, PageRequest.first()).total());
    }

    @Test
    public void tasksLeftQueuedOrRunningByACrashAreMarkedFailedAtStart() {
        Task queued = new Task(
                "orphan-0",
                "op",
                "host",
                "h",
                TaskState.QUEUED,
                0,
                "queued",
                null,
                null,
                null,
                "u",
                Instant.now(),
                null,
                null);
        repository.saveTask(queued);
        TaskManager restarted = new TaskManager(repository, Clock.systemUTC(), 1);
        try {
            // what a task that was running when Strata stopped looks like since its start is not stored
            Task after = restarted.task("orphan-0");
            assertEquals(TaskState.FAILED, after.state());
            assertTrue(after.errorMessage().contains("interrupted"));
        } finally {
            restarted.close();
        }
    }

    @Test
    public void tasksLeftRunningByACrashAreMarkedFailedAtStart() {
        Task orphan = new Task(
                "orphan-1",
                "op",
                "host",
                "h",
                TaskState.RUNNING,
                30,
                "running",
                null,
                null,
                null,
                "u",
                Instant.now(),
                Instant.now(),
                null);
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

    @Test
    public void tasksOnOneTargetRunOneAfterAnotherInOrderAndTheWaitingOneSaysForWhat() throws Exception {
        TaskManager wide = new TaskManager(repository, Clock.systemUTC(), 4);
        try {
            CountDownLatch firstStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            java.util.List<String> ran = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Task first = wide.submit(TaskRequest.of("vm.shutdown", TaskTarget.vm("vm1"), "u"), ctx -> {
                firstStarted.countDown();
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                release.await();
                ran.add("first");
                concurrent.decrementAndGet();
                return null;
            });
            firstStarted.await();
            java.util.List<Task> later = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String name = "later-" + i;
                later.add(wide.submit(TaskRequest.of("vm.start", TaskTarget.vm("vm1"), "u"), ctx -> {
                    most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    ran.add(name);
                    concurrent.decrementAndGet();
                    return null;
                }));
            }
            Task waiting = wide.task(later.get(0).id());
            assertEquals(TaskState.QUEUED, waiting.state());
            assertEquals("waiting for task " + first.id() + " (vm.shutdown) on vm vm1", waiting.message());
            assertEquals(6, wide.live(TaskTarget.vm("vm1")).size());

            // Another target is not held up by vm1.
            Task other = wide.submit(TaskRequest.of("vm.start", TaskTarget.vm("vm2"), "u"), ctx -> "vm2 done");
            assertEquals(TaskState.SUCCEEDED, wide.await(other.id(), WAIT).state());
            assertEquals(TaskState.QUEUED, wide.task(later.get(4).id()).state());

            release.countDown();
            for (Task t : later) {
                assertEquals(TaskState.SUCCEEDED, wide.await(t.id(), WAIT).state());
            }
            assertEquals(java.util.List.of("first", "later-0", "later-1", "later-2", "later-3", "later-4"), ran);
            assertEquals("never two at once on vm1", 1, most.get());
            assertTrue(wide.live(TaskTarget.vm("vm1")).isEmpty());
        } finally {
            wide.close();
        }
    }

    @Test
    public void aTaskHoldingTwoTargetsWaitsForBothAndCrossedHoldsDoNotDeadlock() throws Exception {
        TaskManager wide = new TaskManager(repository, Clock.systemUTC(), 4);
        try {
            CountDownLatch release = new CountDownLatch(1);
            Task onA = wide.submit(TaskRequest.of("hold", TaskTarget.host("a"), "u"), ctx -> {
                release.await();
                return null;
            });
            Task both = wide.submit(
                    TaskRequest.of("migrate", TaskTarget.host("b"), "u").holding(TaskTarget.host("a")), ctx -> "moved");
            Task crossed = wide.submit(
                    TaskRequest.of("migrate-back", TaskTarget.host("a"), "u").holding(TaskTarget.host("b")),
                    ctx -> "back");
            Task onB = wide.submit(TaskRequest.of("on-b", TaskTarget.host("b"), "u"), ctx -> "b");
            assertEquals(TaskState.QUEUED, wide.task(both.id()).state());
            assertTrue(wide.task(both.id()).message().contains(onA.id()));
            release.countDown();
            assertEquals(TaskState.SUCCEEDED, wide.await(both.id(), WAIT).state());
            assertEquals(TaskState.SUCCEEDED, wide.await(crossed.id(), WAIT).state());
            assertEquals(TaskState.SUCCEEDED, wide.await(onB.id(), WAIT).state());
            assertTrue(
                    "in order",
                    wide.task(both.id())
                                    .finished()
                                    .compareTo(wide.task(crossed.id()).started())
                            <= 0);
        } finally {
            wide.close();
        }
    }

    @Test
    public void urgentWorkRunsWhileTheLongLaneIsFull() throws Exception {
        TaskManager laned = new TaskManager(
                repository, Clock.systemUTC(), java.util.Map.of(Lane.URGENT, 1, Lane.NORMAL, 1, Lane.LONG, 2));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch bothLong = new CountDownLatch(2);
            java.util.List<Task> slow = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(laned.submit(
                        TaskRequest.of("vm.shutdown", TaskTarget.vm("slow-" + i), "u")
                                .on(Lane.LONG),
                        ctx -> {
                            bothLong.countDown();
                            release.await();
                            return null;
                        }));
            }
            bothLong.await();
            Task fence = laned.submit(
                    TaskRequest.of("host.fence", TaskTarget.host("h9"), "ha").on(Lane.URGENT), ctx -> "fenced");
            Task start = laned.submit(TaskRequest.of("vm.start", TaskTarget.vm("fast"), "u"), ctx -> "started");
            assertEquals(TaskState.SUCCEEDED, laned.await(fence.id(), WAIT).state());
            assertEquals(TaskState.SUCCEEDED, laned.await(start.id(), WAIT).state());
            assertEquals(
                    "the third slow task still waits for a long-lane worker",
                    TaskState.QUEUED,
                    laned.task(slow.get(2).id()).state());
            release.countDown();
            for (Task t : slow) {
                assertEquals(TaskState.SUCCEEDED, laned.await(t.id(), WAIT).state());
            }
        } finally {
            laned.close();
        }
    }

    @Test
    public void cancellingAQueuedTaskLetsTheNextOneGo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task first = tasks.submit(TaskRequest.of("a", TaskTarget.vm("v"), "u"), ctx -> {
            release.await();
            return null;
        });
        Task second = tasks.submit(TaskRequest.of("b", TaskTarget.vm("v"), "u"), ctx -> "b");
        Task third = tasks.submit(TaskRequest.of("c", TaskTarget.vm("v"), "u"), ctx -> "c");
        assertTrue(tasks.task(third.id()).message().contains(first.id()));
        assertEquals(TaskState.CANCELLED, tasks.cancel(second.id(), "bob").state());
        assertTrue(
                "third now waits for the first only",
                tasks.task(third.id()).message().contains(first.id()));
        release.countDown();
        assertEquals("c", tasks.await(third.id(), WAIT).result());
        assertEquals(TaskState.CANCELLED, tasks.task(second.id()).state());
    }
}

package org.strata.core.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.core.H2Repository;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * Every change of a task is posted on Event Admin, in the order it was made. Event Admin is a hand-written
 * recording stand-in ({@link RecordingEventAdminForTests}): it cannot run without an OSGi framework, and what is
 * checked here is what the task manager hands it.
 */
public class TaskManagerPublishingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private TaskManager tasks;
    private final RecordingEventAdminForTests eventAdmin = new RecordingEventAdminForTests();

    @Before
    public void open() throws Exception {
        repository = H2Repository.open(folder.getRoot().toPath().resolve("key"));
        tasks = new TaskManager(repository, Clock.systemUTC(), 1);
        tasks.bindEventAdmin(eventAdmin);
    }

    @After
    public void close() {
        tasks.close();
        repository.close();
    }

    @Test
    public void everyChangeIsPostedInOrderWithTheTaskItself() throws Exception {
        Task queued = tasks.submit("demo.op", "host", "h1", "alice", ctx -> {
            ctx.progress(10, "copying");
            ctx.progress(10, "copying"); // no change: not posted
            ctx.progress(60, "converting");
            return "done-id";
        });
        Task done = tasks.await(queued.id(), WAIT);

        List<Task> posted = eventAdmin.awaitTasks(queued.id(), Task::done);
        assertEquals(
                List.of(
                        "QUEUED 0 queued",
                        "RUNNING 0 running",
                        "RUNNING 10 copying",
                        "RUNNING 60 converting",
                        "SUCCEEDED 100 done"),
                posted.stream()
                        .map(t -> t.state() + " " + t.progress() + " " + t.message())
                        .toList());
        assertSame("the record itself, not a copy", done, posted.get(posted.size() - 1));
        assertTrue(eventAdmin.events().stream().allMatch(e -> e.getTopic().equals("org/strata/tasks/CHANGED")));
    }

    @Test
    public void aWaitingTaskIsPostedWithWhatItWaitsForAndACancelledOneWithItsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task first = tasks.submit("long.op", "vm", "v1", "alice", ctx -> {
            release.await(30, TimeUnit.SECONDS);
            return null;
        });
        Task second = tasks.submit("short.op", "vm", "v1", "bob", ctx -> null);
        tasks.cancel(second.id(), "carol");
        release.countDown();
        tasks.await(first.id(), WAIT);

        List<Task> posted = eventAdmin.awaitTasks(second.id(), Task::done);
        assertEquals(
                List.of(
                        "QUEUED queued",
                        "QUEUED waiting for task " + first.id() + " (long.op) on vm v1",
                        "CANCELLED cancelled by carol"),
                posted.stream().map(t -> t.state() + " " + t.message()).toList());
        assertEquals(
                TaskState.SUCCEEDED,
                eventAdmin.awaitTasks(first.id(), Task::done).get(2).state());
    }

    @Test
    public void withoutEventAdminTasksRunAndNothingIsPosted() throws Exception {
        tasks.unbindEventAdmin(new RecordingEventAdminForTests()); // another one's unbind leaves this one bound
        tasks.unbindEventAdmin(eventAdmin);
        Task queued = tasks.submit("demo.op", "host", "h1", "alice", ctx -> {
            ctx.progress(50, "half");
            return null;
        });
        assertEquals(TaskState.SUCCEEDED, tasks.await(queued.id(), WAIT).state());
        assertEquals(List.of(), eventAdmin.events());
    }

    /** Keeps what was posted; sendEvent (which waits for the handlers) must never be used. */
    private static final class RecordingEventAdminForTests implements EventAdmin {
        final List<Event> events = new ArrayList<>();

        @Override
        public synchronized void postEvent(Event event) {
            events.add(event);
            notifyAll();
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("task changes must never wait for handlers: sendEvent was called");
        }

        /** The tasks posted for {@code id}, once one of them passes {@code last} (they are posted by a thread). */
        synchronized List<Task> awaitTasks(String id, Predicate<Task> last) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                List<Task> posted = events.stream()
                        .map(e -> (Task) e.getProperty("task"))
                        .filter(t -> t.id().equals(id))
                        .toList();
                long left = deadline - System.nanoTime();
                if (posted.stream().anyMatch(last) || left <= 0) {
                    return posted;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized List<Event> events() {
            return List.copyOf(events);
        }
    }
}

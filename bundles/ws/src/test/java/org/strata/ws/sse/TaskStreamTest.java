package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;

/** The task stream's pieces: the coalescing feed, the hub, the stream's order and end, its parameters. */
public class TaskStreamTest {

    private final TaskHub hub = new TaskHub();

    @After
    public void close() {
        hub.close();
    }

    @Test
    public void aSlowReaderGetsEachTasksNewestStateInTheOrderTheTasksFirstChanged() throws Exception {
        TaskFeed feed = hub.subscribe(null, 10);
        publish(task("a", "vm-1", TaskState.RUNNING, 10));
        publish(task("b", "vm-2", TaskState.QUEUED, 0));
        publish(task("a", "vm-1", TaskState.RUNNING, 20));
        publish(task("a", "vm-1", TaskState.RUNNING, 90));
        publish(task("b", "vm-2", TaskState.RUNNING, 5));
        assertEquals(2, feed.waiting());

        assertEquals("a RUNNING 90", show(feed.poll(0, TimeUnit.SECONDS)));
        assertEquals("b RUNNING 5", show(feed.poll(0, TimeUnit.SECONDS)));
        assertNull(feed.poll(0, TimeUnit.SECONDS));
    }

    @Test
    public void aFinishedTasksLastMessageIsNeverReplacedByAnEarlierOne() throws Exception {
        TaskFeed feed = hub.subscribe(null, 10);
        publish(task("a", "vm-1", TaskState.RUNNING, 50));
        publish(task("a", "vm-1", TaskState.FAILED, 50));
        publish(task("a", "vm-1", TaskState.RUNNING, 60));

        assertEquals("a FAILED 50", show(feed.poll(0, TimeUnit.SECONDS)));
        assertNull(feed.poll(0, TimeUnit.SECONDS));
    }

    @Test
    public void tooManyWaitingTasksEndTheFeedInsteadOfDroppingOne() throws Exception {
        TaskFeed feed = hub.subscribe(null, 2);
        publish(task("a", "vm-1", TaskState.RUNNING, 1));
        publish(task("b", "vm-1", TaskState.RUNNING, 1));
        publish(task("a", "vm-1", TaskState.RUNNING, 2)); // coalesced: still two waiting
        assertNull(feed.end());
        publish(task("c", "vm-1", TaskState.SUCCEEDED, 100));

        assertEquals(Feed.End.OVERFLOW, feed.end());
        assertNull("nothing piled up", feed.poll(0, TimeUnit.SECONDS));
        assertEquals(0, hub.subscribers());
        RecordingSink sink = new RecordingSink(feed, Integer.MAX_VALUE);
        assertEquals(Feed.End.OVERFLOW, new TaskStream(tasks(), feed, 60_000).run(sink));
        assertEquals(
                ": closing: this client read too slowly and too many tasks waited for it; reconnect to get the"
                        + " unfinished tasks again",
                sink.last());
    }

    @Test
    public void aFeedForOneTargetTakesOnlyItsTasksAndOtherEventsAreIgnored() throws Exception {
        TaskFeed feed = hub.subscribe("vm-2", 10);
        publish(task("a", "vm-1", TaskState.RUNNING, 1));
        publish(task("b", "vm-2", TaskState.RUNNING, 1));
        hub.handleEvent(new org.osgi.service.event.Event(TaskHub.TOPIC, Map.of("task", "not a task")));

        assertEquals("b RUNNING 1", show(feed.poll(0, TimeUnit.SECONDS)));
        assertNull(feed.poll(0, TimeUnit.SECONDS));
    }

    @Test
    public void theStreamSendsTheUnfinishedTasksFirstThenTheChangesThenWhyItEnds() throws Exception {
        Task running = task("r", "vm-1", TaskState.RUNNING, 40);
        Task queued = task("q", "vm-1", TaskState.QUEUED, 0);
        Task elsewhere = task("x", "vm-9", TaskState.RUNNING, 10);
        TaskFeed feed = hub.subscribe("vm-1", 10);
        // A change made while the stream starts: it comes after the unfinished tasks, so the newest state is last.
        publish(task("r", "vm-1", TaskState.SUCCEEDED, 100));
        RecordingSink sink = new RecordingSink(feed, 3);

        Feed.End end = new TaskStream(tasks(running, queued, elsewhere), feed, 60_000).run(sink);

        assertEquals(Feed.End.SHUTDOWN, end);
        assertEquals(
                List.of(
                        ": connected",
                        "task r RUNNING 40",
                        "task q QUEUED 0",
                        "task r SUCCEEDED 100",
                        ": closing: the server is stopping; reconnect to get the unfinished tasks again"),
                sink.written);
    }

    @Test
    public void theHubEndsItsFeedsWhenClosedAndAfter() throws Exception {
        TaskFeed feed = hub.subscribe(null, 10);
        publish(task("a", "vm-1", TaskState.RUNNING, 1));
        hub.close();
        assertEquals(Feed.End.SHUTDOWN, feed.end());
        assertEquals("what waited is still delivered", "a RUNNING 1", show(feed.poll(0, TimeUnit.SECONDS)));
        assertEquals(Feed.End.SHUTDOWN, hub.subscribe(null, 10).end());
        assertEquals(0, hub.subscribers());
    }

    @Test
    public void anIdleStreamSendsKeepAliveComments() throws Exception {
        TaskFeed feed = hub.subscribe(null, 10);
        RecordingSink sink = new RecordingSink(feed, Integer.MAX_VALUE) {
            @Override
            public void comment(String text) {
                super.comment(text);
                if (text.equals("keep-alive")) {
                    feed.close();
                }
            }
        };
        assertEquals(Feed.End.CLOSED, new TaskStream(tasks(), feed, 5).run(sink));
        assertEquals(List.of(": connected", ": keep-alive", ": closing"), sink.written);
    }

    @Test
    public void theOnlyParameterIsOneTarget() {
        assertNull(TasksEndpoint.target(Set.of(), null));
        assertNull(TasksEndpoint.target(Set.of("target"), new String[] {" "}));
        assertEquals("vm-1", TasksEndpoint.target(Set.of("target"), new String[] {"vm-1"}));
        assertInvalid(Set.of("targetId"), null);
        assertInvalid(Set.of("target"), new String[] {"a", "b"});
        assertInvalid(Set.of("target"), new String[] {"bad\u0007id"});
        assertInvalid(Set.of("target"), new String[] {"x".repeat(201)});
    }

    private static void assertInvalid(Set<String> names, String[] values) {
        StrataException e = assertThrows(StrataException.class, () -> TasksEndpoint.target(names, values));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
    }

    private void publish(Task task) {
        hub.handleEvent(new org.osgi.service.event.Event(TaskHub.TOPIC, Map.of(TaskHub.TASK_PROPERTY, task)));
    }

    private static String show(Task task) {
        return task == null ? null : task.id() + " " + task.state() + " " + task.progress();
    }

    static Task task(String id, String target, TaskState state, int progress) {
        Instant created = Instant.parse("2026-12-06T10:00:00Z").plusSeconds(id.hashCode() % 100);
        return new Task(
                id,
                "vm.start",
                "vm",
                target,
                state,
                progress,
                state.name().toLowerCase(java.util.Locale.ROOT),
                null,
                null,
                null,
                "admin",
                created,
                state == TaskState.QUEUED ? null : created,
                state.done() ? created : null);
    }

    /** A hand-written task service that only lists what it was given (the stream reads nothing else of it). */
    private static TaskService tasks(Task... given) {
        InMemoryTaskStoreForTests store = new InMemoryTaskStoreForTests();
        for (Task task : given) {
            store.saveTask(task);
        }
        return new TaskService() {
            @Override
            public Page<Task> tasks(TaskState state, PageRequest page) {
                return store.tasks(state, page);
            }

            @Override
            public Task task(String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Task await(String id, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Task cancel(String id, String principal) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Keeps what the stream writes; ends the feed once {@code stopAfter} messages were written. */
    private static class RecordingSink implements LiveStream.Sink {
        final List<String> written = new ArrayList<>();
        private final TaskFeed feed;
        private final int stopAfter;
        private int messages;

        RecordingSink(TaskFeed feed, int stopAfter) {
            this.feed = feed;
            this.stopAfter = stopAfter;
        }

        @Override
        public void message(String id, String event, Object data) {
            assertNull("no ids: the task stream does not resume", id);
            written.add(event + " " + show((Task) data));
            if (++messages == stopAfter) {
                feed.close(Feed.End.SHUTDOWN);
            }
        }

        @Override
        public void comment(String text) {
            written.add(": " + text);
        }

        @Override
        public void flush() throws IOException {}

        String last() {
            return written.get(written.size() - 1);
        }
    }
}

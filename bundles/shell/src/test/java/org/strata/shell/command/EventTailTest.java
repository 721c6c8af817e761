package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.engine.EventFeed;
import org.strata.shell.ActionRunner;
import org.strata.shell.RedirectForTests;

/**
 * strata:event-tail: what came before from the repository (-n, --since), then the events the feed pushes, each once
 * and in order, until interrupted (Ctrl-C, a closed session) or the console is gone; the subscription ends with it.
 */
public class EventTailTest {

    private final EventLogForTests log = new EventLogForTests();

    @Test
    public void showsTheLastMatchingEventsThenFollowsUntilInterrupted() throws Exception {
        log.append("vm.started", "vm", "a");
        log.append("host.unreachable", "host", "h1");
        log.append("vm.started", "vm", "b");
        log.append("vm.stopped", "vm", "a");
        EventTail tail = prepare("-n", "2", "--type", "vm.started,vm.stopped", "--subject", "a");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Running running = start(tail, out);
        try {
            awaitOutput(out, "vm.stopped");
            log.append("vm.started", "vm", "b");
            log.append("vm.started", "vm", "a");
            log.append("vm.deleted", "vm", "a");
            awaitOutput(out, "vm.started about a 6");
        } finally {
            running.interruptAndJoin();
        }
        assertFalse("Ctrl-C ends the command", running.thread.isAlive());
        assertNull(running.failed.get());
        assertEquals("the subscription ends with the command", 0, log.subscribers());
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size());
        assertTrue(
                lines.get(0),
                lines.get(0).matches("\\s+1  \\S+  INFO\\s+vm\\.started\\s+vm:a\\s+vm\\.started about a 1"));
        assertTrue(
                lines.get(1),
                lines.get(1).contains("vm.stopped") && lines.get(1).contains("vm:a"));
        assertTrue(lines.get(2), lines.get(2).trim().startsWith("6 "));
    }

    @Test
    public void sinceResumesFromTheRepositoryWithoutAGapOrARepeatThenFollows() throws Exception {
        log.append("vm.started", "vm", "a");
        log.append("vm.started", "vm", "a");
        log.append("vm.started", "vm", "a");
        // Committed (and pushed) after the subscription, before the repository is read: in both, shown once.
        log.onNextSubscription(() -> log.append("vm.stopped", "vm", "a"));
        EventTail tail = prepare("--since", "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Running running = start(tail, out);
        try {
            awaitOutput(out, "vm.stopped about a 4");
            log.append("vm.deleted", "vm", "a");
            awaitOutput(out, "vm.deleted about a 5");
        } finally {
            running.interruptAndJoin();
        }
        assertNull(running.failed.get());
        assertEquals(List.of(2L, 3L, 4L, 5L), ids(out));
        assertEquals(0, log.subscribers());
    }

    /** Without -n, an event recorded as the tail subscribes is new to it: printed, not taken for an old one. */
    @Test
    public void withoutLinesAnEventRecordedAsTheTailSubscribesIsPrinted() throws Exception {
        log.append("vm.started", "vm", "old");
        log.onNextSubscription(() -> log.append("vm.started", "vm", "a"));
        EventTail tail = prepare();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Running running = start(tail, out);
        try {
            awaitOutput(out, "vm.started about a 2");
            log.append("vm.stopped", "vm", "a");
            awaitOutput(out, "vm.stopped about a 3");
        } finally {
            running.interruptAndJoin();
        }
        assertNull(running.failed.get());
        assertEquals(List.of(2L, 3L), ids(out));
    }

    /**
     * Event Admin keeps the order of one recording thread's events only: events pushed out of id order are each
     * printed as they come, and a console that falls behind is caught up from the repository without printing any
     * of them again.
     */
    @Test
    public void eventsPushedOutOfOrderOrDroppedByAConsoleThatFellBehindAreEachPrintedOnce() throws Exception {
        // No options; built directly, as Karaf's preparator reads @Command from the class itself.
        EventTail tail = new EventTail() {
            @Override
            Inbox inbox() {
                return new Inbox(2);
            }
        };
        tail.eventService = log;
        tail.eventFeed = log;
        HeldOutput held = new HeldOutput();
        Running running = start(tail, held);
        try {
            log.awaitSubscribed(); // without -n or --since, the repository was read before
            Event first = log.appendUnpushed("vm.started", "vm", "a");
            Event second = log.appendUnpushed("vm.started", "vm", "b");
            log.push(second);
            log.push(first);
            awaitOutput(held.bytes, "vm.started about a 1");
            held.hold();
            log.append("vm.stopped", "vm", "a");
            assertTrue("the command is printing event 3", held.blocked.await(30, TimeUnit.SECONDS));
            // Two fit the command's queue; the feed's listener drops the other five.
            for (int i = 0; i < 7; i++) {
                log.append("vm.started", "vm", "c");
            }
            held.release();
            awaitOutput(held.bytes, "vm.started about c 10");
            log.append("vm.deleted", "vm", "a");
            awaitOutput(held.bytes, "vm.deleted about a 11");
        } finally {
            held.release();
            running.interruptAndJoin();
        }
        assertNull(running.failed.get());
        assertEquals(List.of(2L, 1L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), ids(held.bytes));
    }

    @Test
    public void aClosedConsoleEndsTheCommandAndItsSubscription() throws Exception {
        EventTail tail = prepare();
        ClosableOutput console = new ClosableOutput();
        Running running = start(tail, console);
        log.awaitSubscribed(); // without -n or --since, the repository was read before
        console.closed = true;
        log.append("vm.started", "vm", "a");
        running.thread.join(30_000);
        assertFalse("the command ends by itself when its console is gone", running.thread.isAlive());
        assertNull(running.failed.get());
        assertEquals(0, log.subscribers());
    }

    @Test
    public void badOptionsAreOneLineErrors() throws Exception {
        assertEquals(
                "INVALID_INPUT: -n must be between 0 and 500, was 501",
                ActionRunner.run(prepare("-n", "501")).failure());
        assertTrue(
                ActionRunner.run(prepare("--type", "vm started")).failure().startsWith("INVALID_INPUT: an event type"));
        assertEquals(
                "INVALID_INPUT: give -n or --since, not both",
                ActionRunner.run(prepare("-n", "2", "--since", "5")).failure());
        assertEquals(
                "INVALID_INPUT: --since must be an event id, 0 or more, was -1",
                ActionRunner.run(prepare("--since", "-1")).failure());
        assertEquals("a refused command subscribes to nothing", 0, log.subscribers());
    }

    private EventTail prepare(String... args) throws Exception {
        EventTail tail = new EventTail();
        Session session = (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, a) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
        assertTrue(new DefaultActionPreparator().prepare(tail, session, List.of((Object[]) args)));
        tail.eventService = log;
        tail.eventFeed = log;
        return tail;
    }

    private static Running start(EventTail tail, OutputStream out) {
        RedirectForTests.redirect(tail, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Running running = new Running();
        running.thread = new Thread(
                () -> {
                    try {
                        tail.execute();
                    } catch (Throwable t) {
                        running.failed.set(t);
                    }
                },
                "event-tail-test");
        running.thread.start();
        return running;
    }

    private static List<Long> ids(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .map(l -> Long.parseLong(l.trim().split("\\s+")[0]))
                .toList();
    }

    private static void awaitOutput(ByteArrayOutputStream out, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(expected + " in " + out, out.toString(StandardCharsets.UTF_8).contains(expected));
    }

    private static final class Running {
        Thread thread;
        final AtomicReference<Throwable> failed = new AtomicReference<>();

        void interruptAndJoin() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }

    /** A console whose writes block while held, and that tells when one does. */
    private static final class HeldOutput extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch blocked = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            CountDownLatch g = gate;
            if (g.getCount() > 0) {
                blocked.countDown();
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }
    }

    /** A console that fails every write once its session is gone, as an SSH channel closed by the client does. */
    private static final class ClosableOutput extends OutputStream {
        volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (closed) {
                throw new IOException("channel closed");
            }
        }
    }

    /**
     * A hand-written event log in memory with its push feed (core does not run in the shell's unit tests): an
     * appended event is stored, then pushed to every subscription whose filter it passes, in id order.
     */
    private static final class EventLogForTests implements EventService, EventFeed {
        private final List<Event> events = new ArrayList<>();
        private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        private volatile Runnable onNextSubscription;

        private record Subscriber(EventFilter filter, Consumer<Event> listener) {}

        void append(String type, String subjectType, String subjectId) {
            push(appendUnpushed(type, subjectType, subjectId));
        }

        /** Records an event without pushing it yet (it is pushed later, maybe after a newer one, as Event Admin may). */
        synchronized Event appendUnpushed(String type, String subjectType, String subjectId) {
            long id = events.size() + 1L;
            Event event = new Event(
                    id,
                    Instant.parse("2026-12-05T10:00:00Z").plusSeconds(id),
                    Event.Severity.INFO,
                    type,
                    subjectType,
                    subjectId,
                    type + " about " + subjectId + " " + id);
            events.add(event);
            return event;
        }

        void push(Event event) {
            for (Subscriber s : subscribers) {
                if (s.filter().matches(event)) {
                    s.listener().accept(event);
                }
            }
        }

        void onNextSubscription(Runnable action) {
            onNextSubscription = action;
        }

        int subscribers() {
            return subscribers.size();
        }

        /** Waits until the command has subscribed. */
        void awaitSubscribed() throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (subscribers.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("subscriptions", 1, subscribers.size());
        }

        @Override
        public void record(Event.Severity severity, String type, String subjectType, String subjectId, String message) {
            throw new UnsupportedOperationException("the shell records no events");
        }

        @Override
        public AutoCloseable subscribe(EventFilter filter, Consumer<Event> listener) {
            Subscriber subscriber = new Subscriber(filter, listener);
            subscribers.add(subscriber);
            Runnable action = onNextSubscription;
            onNextSubscription = null;
            if (action != null) {
                action.run();
            }
            return () -> subscribers.remove(subscriber);
        }

        @Override
        public synchronized Page<Event> events(String subjectId, PageRequest page) {
            List<Event> newestFirst = events.stream()
                    .filter(e -> subjectId == null || subjectId.equals(e.subjectId()))
                    .sorted(Comparator.comparingLong(Event::id).reversed())
                    .toList();
            return new Page<>(
                    newestFirst.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    newestFirst.size());
        }

        @Override
        public synchronized List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
            return events.stream()
                    .filter(e -> e.id() > afterId && filter.matches(e))
                    .limit(limit)
                    .toList();
        }
    }
}

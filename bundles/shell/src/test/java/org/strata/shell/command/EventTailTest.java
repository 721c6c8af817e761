package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.shell.ActionRunner;
import org.strata.shell.RedirectForTests;
import org.strata.shell.StrataAction;

/** strata:event-tail: the last N first, then new events as they come, until interrupted (Ctrl-C). */
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
        RedirectForTests.redirect(tail, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread running = new Thread(() -> {
            try {
                tail.execute();
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "event-tail-test");
        running.start();
        try {
            awaitOutput(out, "vm.stopped");
            log.append("vm.started", "vm", "b");
            log.append("vm.started", "vm", "a");
            log.append("vm.deleted", "vm", "a");
            awaitOutput(out, "vm.started about a 6");
        } finally {
            running.interrupt();
            running.join(30_000);
        }
        assertFalse("Ctrl-C ends the command", running.isAlive());
        assertNull(failed.get());
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0), lines.get(0).matches("\\s+1  \\S+  INFO\\s+vm\\.started\\s+vm:a\\s+vm\\.started about a 1"));
        assertTrue(lines.get(1), lines.get(1).contains("vm.stopped") && lines.get(1).contains("vm:a"));
        assertTrue(lines.get(2), lines.get(2).trim().startsWith("6 "));
    }

    @Test
    public void badOptionsAreOneLineErrors() throws Exception {
        assertEquals("INVALID_INPUT: -n must be between 0 and 500, was 501",
                ActionRunner.run(prepare("-n", "501")).failure());
        assertTrue(ActionRunner.run(prepare("--type", "vm started")).failure().startsWith("INVALID_INPUT: an event type"));
    }

    private EventTail prepare(String... args) throws Exception {
        EventTail tail = new EventTail();
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, a) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
        assertTrue(new DefaultActionPreparator().prepare(tail, session, List.of((Object[]) args)));
        tail.eventService = log;
        return tail;
    }

    private static void awaitOutput(ByteArrayOutputStream out, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(expected + " in " + out, out.toString(StandardCharsets.UTF_8).contains(expected));
    }

    /** A hand-written event log in memory (the core does not run in the shell's unit tests). */
    private static final class EventLogForTests implements EventService {
        private final List<Event> events = new ArrayList<>();

        synchronized void append(String type, String subjectType, String subjectId) {
            long id = events.size() + 1L;
            events.add(new Event(id, Instant.parse("2026-12-05T10:00:00Z").plusSeconds(id), Event.Severity.INFO,
                    type, subjectType, subjectId, type + " about " + subjectId + " " + id));
        }

        @Override
        public synchronized Page<Event> events(String subjectId, PageRequest page) {
            List<Event> newestFirst = events.stream().filter(e -> subjectId == null || subjectId.equals(e.subjectId()))
                    .sorted(Comparator.comparingLong(Event::id).reversed()).toList();
            return new Page<>(newestFirst.stream().skip(page.offset()).limit(page.limit()).toList(), page.offset(),
                    page.limit(), newestFirst.size());
        }

        @Override
        public synchronized List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
            return events.stream().filter(e -> e.id() > afterId && filter.matches(e)).limit(limit).toList();
        }
    }
}

package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/** The resume logic: replay from the repository, then live, each event once and in order. */
public class EventStreamTest {

    private final InMemoryEventLogForTests log = new InMemoryEventLogForTests();
    private final EventHub hub = new EventHub(log, 60_000);

    @After
    public void close() {
        hub.close();
    }

    @Test
    public void resumingReplaysFromTheRepositoryThenGoesLiveWithoutGapOrDuplicate() throws Exception {
        for (int i = 0; i < 5; i++) {
            log.append("vm.started", "vm", "vm-" + i);
        }
        Subscription live = hub.subscribe(EventFilter.ALL, 100);
        // What the hub would have queued meanwhile: two events the replay also reads, and one committed after it.
        live.offer(event(4));
        live.offer(event(5));
        Event sixth = log.append("vm.stopped", "vm", "vm-9");
        live.offer(sixth);
        RecordingSink sink = new RecordingSink(live, 4);

        Feed.End end = new EventStream(log, live, 2L, 60_000).run(sink);

        assertEquals(List.of(3L, 4L, 5L, 6L), sink.ids());
        assertEquals(Feed.End.SHUTDOWN, end);
        assertEquals(": closing: the server is stopping; reconnect with Last-Event-ID", sink.lastComment());
    }

    @Test
    public void theFilterHoldsForTheReplayAndTheLiveEvents() throws Exception {
        log.append("vm.started", "vm", "a");
        log.append("host.unreachable", "host", "h");
        log.append("vm.started", "vm", "b");
        EventFilter filter = EventFilter.of(List.of("vm.started"), "vm", "b");
        Subscription live = hub.subscribe(filter, 100);
        live.offer(log.append("vm.started", "vm", "a"));
        live.offer(log.append("vm.started", "vm", "b"));
        RecordingSink sink = new RecordingSink(live, 2);

        new EventStream(log, live, 0L, 60_000).run(sink);

        assertEquals(List.of(3L, 5L), sink.ids());
    }

    @Test
    public void withoutAResumePointOnlyLiveEventsAreSent() throws Exception {
        log.append("vm.started", "vm", "a");
        Subscription live = hub.subscribe(EventFilter.ALL, 100);
        live.offer(log.append("vm.started", "vm", "b"));
        RecordingSink sink = new RecordingSink(live, 1);

        new EventStream(log, live, null, 60_000).run(sink);

        assertEquals(List.of(2L), sink.ids());
        assertEquals("no repository read for a live-only stream", 0, log.readsAfter);
    }

    @Test
    public void aClientThatFallsBehindIsClosedWithAReasonAndNothingPiledUp() throws Exception {
        Subscription live = hub.subscribe(EventFilter.ALL, 3);
        for (int i = 0; i < 5; i++) {
            live.offer(log.append("vm.started", "vm", "v" + i));
        }
        assertEquals(Feed.End.OVERFLOW, live.end());
        assertEquals(0, hub.subscribers());
        RecordingSink sink = new RecordingSink(live, Integer.MAX_VALUE);

        assertEquals(Feed.End.OVERFLOW, new EventStream(log, live, null, 60_000).run(sink));

        assertEquals(List.of(), sink.ids());
        assertTrue(sink.lastComment(), sink.lastComment().startsWith(": closing: this client read too slowly"));
    }

    @Test
    public void anIdleStreamSendsKeepAliveComments() throws Exception {
        Subscription live = hub.subscribe(EventFilter.ALL, 10);
        RecordingSink sink = new RecordingSink(live, Integer.MAX_VALUE) {
            @Override
            public void comment(String text) throws IOException {
                super.comment(text);
                if (text.equals("keep-alive")) {
                    live.close();
                }
            }
        };

        assertEquals(Feed.End.CLOSED, new EventStream(log, live, null, 5).run(sink));

        assertEquals(List.of(": connected", ": keep-alive", ": closing"), sink.written);
    }

    @Test
    public void theHubDeliversEveryCommittedEventInOrderOnceWokenAndEndsSubscriptionsWhenClosed() throws Exception {
        hub.start();
        Subscription live = hub.subscribe(EventFilter.ALL, 1000);
        // The pump starts at the newest event; wake it once so that it knows where that is before the test appends.
        hub.signal();
        awaitRead();
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Event e = log.append("vm.started", "vm", "v" + i);
            appended.add(e.id());
            if (i % 10 == 9) {
                hub.handleEvent(new org.osgi.service.event.Event("org/strata/event/vm/started", Map.of("id", e.id())));
            }
        }
        List<Long> received = new ArrayList<>();
        while (received.size() < 50) {
            Event e = live.poll(30, TimeUnit.SECONDS);
            if (e == null) {
                break;
            }
            received.add(e.id());
        }
        assertEquals(appended, received);

        hub.close();
        assertNull(live.poll(0, TimeUnit.SECONDS));
        assertEquals(Feed.End.SHUTDOWN, live.end());
        assertEquals(Feed.End.SHUTDOWN, hub.subscribe(EventFilter.ALL, 10).end());
    }

    @Test
    public void badParametersAreRefusedBeforeAnythingStreams() {
        assertInvalid(Set.of("types"), List.of(), null, null, null, null);
        assertInvalid(Set.of("type"), List.of("vm started"), null, null, null, null);
        assertInvalid(Set.of("subjectType"), List.of(), "../etc", null, null, null);
        assertInvalid(Set.of("since"), List.of(), null, null, "yesterday", null);
        assertInvalid(Set.of(), List.of(), null, null, null, "-1");
        var parsed = EventsEndpoint.StreamRequest.parse(
                Set.of("type", "since", "subject"),
                List.of("vm.started,vm.stopped", "host.up"),
                null,
                "vm-1",
                "7",
                "42");
        assertEquals(
                Set.of("vm.started", "vm.stopped", "host.up"), parsed.filter().types());
        assertEquals("vm-1", parsed.filter().subjectId());
        assertEquals(
                "Last-Event-ID wins over since (a browser's reconnect keeps the first URL)",
                Long.valueOf(42),
                parsed.resumeAfter());
        assertEquals(
                Long.valueOf(7),
                EventsEndpoint.StreamRequest.parse(Set.of("since"), List.of(), null, null, "7", "")
                        .resumeAfter());
    }

    @Test
    public void theAcceptHeaderMustAllowAnEventStream() {
        for (String ok : new String[] {null, "", "text/event-stream", "*/*", "text/*;q=0.5", "application/json, */*"}) {
            assertTrue(ok, EventStreamServlet.acceptsEventStream(ok));
        }
        for (String refused : new String[] {"application/json", "text/event-stream;q=0", "text/html, */*; q=0.0"}) {
            assertFalse(refused, EventStreamServlet.acceptsEventStream(refused));
        }
    }

    private static void assertInvalid(
            Set<String> names,
            List<String> types,
            String subjectType,
            String subject,
            String since,
            String lastEventId) {
        StrataException e = assertThrows(
                StrataException.class,
                () -> EventsEndpoint.StreamRequest.parse(names, types, subjectType, subject, since, lastEventId));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
    }

    private void awaitRead() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (log.readsAfter == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertTrue("the pump read the repository", log.readsAfter > 0);
    }

    private Event event(long id) {
        return log.eventsAfter(id - 1, EventFilter.ALL, 1).get(0);
    }

    /** Keeps what the stream writes; ends the subscription once {@code stopAfter} events were written. */
    private static class RecordingSink implements LiveStream.Sink {
        final List<String> written = new ArrayList<>();
        private final Subscription live;
        private final int stopAfter;
        private int events;

        RecordingSink(Subscription live, int stopAfter) {
            this.live = live;
            this.stopAfter = stopAfter;
        }

        @Override
        public void message(String id, String event, Object data) {
            written.add("id " + id);
            if (++events == stopAfter) {
                live.close(Feed.End.SHUTDOWN);
            }
        }

        @Override
        public void comment(String text) throws IOException {
            written.add(": " + text);
        }

        @Override
        public void flush() {}

        List<Long> ids() {
            return written.stream()
                    .filter(w -> w.startsWith("id "))
                    .map(w -> Long.parseLong(w.substring(3)))
                    .toList();
        }

        String lastComment() {
            return written.get(written.size() - 1);
        }
    }
}

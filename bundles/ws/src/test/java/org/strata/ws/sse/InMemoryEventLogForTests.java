package org.strata.ws.sse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;

/**
 * A hand-written stand-in for the core's event log (the core cannot run in the web services' unit tests): events in
 * memory, ids increasing as they are appended, read back as the repository answers. It counts the reads after an id
 * so that tests can see the hub's work.
 */
final class InMemoryEventLogForTests implements EventService {
    private final List<Event> log = new ArrayList<>();
    private long nextId = 1;
    volatile int readsAfter;

    synchronized Event append(String type, String subjectType, String subjectId) {
        Event event = new Event(
                nextId++,
                Instant.now(),
                Event.Severity.INFO,
                type,
                subjectType,
                subjectId,
                type + " about " + subjectId);
        log.add(event);
        return event;
    }

    @Override
    public synchronized Page<Event> events(String subjectId, PageRequest page) {
        List<Event> newestFirst = log.stream()
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
        readsAfter++;
        return log.stream()
                .filter(e -> e.id() > afterId && filter.matches(e))
                .limit(limit)
                .toList();
    }
}

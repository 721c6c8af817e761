package org.strata.repository.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.repository.EventStore;
import org.strata.repository.NewEvent;

/** The event log over JDBC: appended without history entries (an event is not a configuration change). */
final class JdbcEventStore implements EventStore {

    private final Transactions tx;
    private final EventDao events;

    JdbcEventStore(Transactions tx, EventDao events) {
        this.tx = tx;
        this.events = events;
    }

    @Override
    public Event appendEvent(
            Event.Severity severity, String type, String subjectType, String subjectId, String message) {
        StoreRules.requireEvent(new NewEvent(severity, type, subjectType, subjectId, message));
        return tx.inTransaction(
                "recording an event",
                c -> events.insert(c, Rows.now(), severity, type, subjectType, subjectId, message));
    }

    @Override
    public List<Event> appendEvents(List<NewEvent> drafts) {
        for (NewEvent e : drafts) {
            StoreRules.requireEvent(e);
        }
        return tx.inTransaction("recording events", c -> {
            Instant now = Rows.now();
            List<Event> recorded = new ArrayList<>(drafts.size());
            for (NewEvent e : drafts) {
                recorded.add(
                        events.insert(c, now, e.severity(), e.type(), e.subjectType(), e.subjectId(), e.message()));
            }
            return List.copyOf(recorded);
        });
    }

    @Override
    public Page<Event> events(String subjectId, PageRequest page) {
        return tx.inTransaction("listing events", c -> events.page(c, subjectId, page));
    }

    @Override
    public List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
        if (limit < 1 || limit > EventService.MAX_AFTER_LIMIT) {
            throw StrataException.invalid(
                    "limit must be between 1 and " + EventService.MAX_AFTER_LIMIT + ", was " + limit);
        }
        EventFilter f = filter == null ? EventFilter.ALL : filter;
        return tx.inTransaction("reading events after an id", c -> events.after(c, Math.max(afterId, 0), f, limit));
    }
}

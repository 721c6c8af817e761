package org.strata.shell.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "event-tail",
        description = "Shows new events as they are recorded, until Ctrl-C (with -n, the last N matching ones first)")
@Service
public class EventTail extends StrataAction {

    /** How far back -n looks for matching events, at most. */
    static final int MAX_LAST = 500;
    private static final int BATCH = 500;
    /**
     * How often the command reads the events after the last one shown. A poll, not an Event Admin handler: a
     * command's services are the API's (as every strata command's), and twice a second is quick enough for a person
     * watching; integrators get pushed events from GET /api/v1/events/stream.
     */
    static final long POLL_MILLIS = 500;

    @Reference
    EventService eventService;

    @Option(name = "--type", aliases = "-t", multiValued = true,
            description = "Only events of this type (host.unreachable, vm.started...); repeat it or give a comma list")
    List<String> types;

    @Option(name = "--subject-type", description = "Only events about this kind of subject (host, vm, driver...)")
    String subjectType;

    @Option(name = "--subject", description = "Only events about the object with this id (a host, a VM, a driver...)")
    @Completion(HostIdCompleter.class)
    String subjectId;

    @Option(name = "-n", aliases = "--lines", description = "Show the last N matching events first, 0 to " + MAX_LAST
            + " (default 0)")
    int last;


    @Override
    protected void run() throws Exception {
        EventFilter filter = EventFilter.of(types, subjectType, subjectId);
        if (last < 0 || last > MAX_LAST) {
            throw StrataException.invalid("-n must be between 0 and " + MAX_LAST + ", was " + last);
        }
        try {
            // Taken before the last ones are shown: an event recorded meanwhile comes after them, not lost.
            long lastId = newestId();
            for (Event e : lastMatching(filter, lastId)) {
                print(e);
            }
            out().flush();
            while (!Thread.currentThread().isInterrupted()) {
                List<Event> batch = eventService.eventsAfter(lastId, filter, BATCH);
                for (Event e : batch) {
                    print(e);
                    lastId = e.id();
                }
                out().flush();
                if (batch.size() < BATCH) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            // Ctrl-C: Karaf interrupts the command; stopping is the normal end of a tail.
        }
    }

    private long newestId() {
        List<Event> newest = eventService.events(null, new PageRequest(0, 1)).items();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** The last {@link #last} events at or below {@code upTo} that pass the filter, oldest first. */
    private List<Event> lastMatching(EventFilter filter, long upTo) {
        List<Event> found = new ArrayList<>();
        if (last == 0) {
            return found;
        }
        int scanned = 0;
        for (int offset = 0; found.size() < last && scanned < 10 * MAX_LAST; offset += PageRequest.MAX_LIMIT) {
            Page<Event> page = eventService.events(filter.subjectId(), new PageRequest(offset, PageRequest.MAX_LIMIT));
            for (Event e : page.items()) {
                if (e.id() <= upTo && filter.matches(e) && found.size() < last) {
                    found.add(e);
                }
            }
            scanned += page.items().size();
            if (page.items().size() < PageRequest.MAX_LIMIT) {
                break;
            }
        }
        Collections.reverse(found);
        return found;
    }

    private void print(Event e) {
        out().printf("%6d  %s  %-7s  %-22s  %-28s  %s%n", e.id(), Output.time(e.time()), e.severity(),
                Output.text(e.type()), Output.target(e.subjectType(), e.subjectId()), Output.text(e.message()));
    }
}

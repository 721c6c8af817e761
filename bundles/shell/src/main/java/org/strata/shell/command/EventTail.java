package org.strata.shell.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.engine.EventFeed;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

/**
 * Follows the engine's push feed ({@link EventFeed}): events are printed as they are pushed, nothing is polled. What
 * came before (-n, --since) is read from the repository after subscribing, so that no event falls between the two
 * sources; an event both read and pushed is printed once (see {@link Shown}).
 */
@Command(
        scope = "strata",
        name = "event-tail",
        description = "Shows new events as they are recorded, until Ctrl-C (with -n, the last N matching ones first;"
                + " with --since, those after an id first)")
@Service
public class EventTail extends StrataAction {

    /** How far back -n looks for matching events, at most. */
    static final int MAX_LAST = 500;
    /**
     * Events held between the feed's delivery thread and the console. A console that falls this far behind (a
     * paused terminal) is caught up from the repository: the feed's listener must never block.
     */
    static final int QUEUE = 10_000;

    private static final int BATCH = 500;

    @Reference
    EventService eventService;

    @Reference
    EventFeed eventFeed;

    @Option(
            name = "--type",
            aliases = "-t",
            multiValued = true,
            description = "Only events of this type (host.unreachable, vm.started...); repeat it or give a comma list")
    List<String> types;

    @Option(name = "--subject-type", description = "Only events about this kind of subject (host, vm, driver...)")
    String subjectType;

    @Option(name = "--subject", description = "Only events about the object with this id (a host, a VM, a driver...)")
    @Completion(HostIdCompleter.class)
    String subjectId;

    @Option(
            name = "-n",
            aliases = "--lines",
            description = "Show the last N matching events first, 0 to " + MAX_LAST + " (default 0)")
    int last;

    @Option(
            name = "--since",
            description = "Show the matching events after this event id first (the id of the last"
                    + " one seen: resumes without a gap or a repeat), then follow")
    Long since;

    @Override
    protected void run() throws Exception {
        EventFilter filter = EventFilter.of(types, subjectType, subjectId);
        if (last < 0 || last > MAX_LAST) {
            throw StrataException.invalid("-n must be between 0 and " + MAX_LAST + ", was " + last);
        }
        if (since != null && since < 0) {
            throw StrataException.invalid("--since must be an event id, 0 or more, was " + since);
        }
        if (since != null && last > 0) {
            throw StrataException.invalid("give -n or --since, not both");
        }
        Inbox inbox = inbox();
        // With nothing to show from before, the floor is read before subscribing: read after, it would hide an event
        // committed and pushed in between, printed by no one.
        long before = since == null && last == 0 ? newestId() : 0;
        // Subscribed before the repository is read: every event committed from here on is in the inbox, and every
        // one committed before is in what the repository answers next.
        try (AutoCloseable subscription = eventFeed.subscribe(filter, inbox::offer)) {
            Shown shown = new Shown(filter);
            if (since != null) {
                shown.catchUp(since);
            } else if (last == 0) {
                shown.floor = before;
            } else {
                long newest = newestId();
                for (Event e : lastMatching(filter, newest)) {
                    print(e);
                }
                shown.floor = newest;
            }
            out().flush();
            follow(inbox, shown);
        } catch (InterruptedException e) {
            // Ctrl-C, or the session closed (Karaf interrupts the command): the normal end of a tail.
        }
    }

    /** Where pushed events wait to be printed (a smaller one in tests). */
    Inbox inbox() {
        return new Inbox(QUEUE);
    }

    /** Prints what the feed pushes until interrupted or the console is gone. */
    private void follow(Inbox inbox, Shown shown) throws InterruptedException {
        while (!out().checkError()) {
            Event next = inbox.take();
            do {
                if (inbox.overflowed()) {
                    shown.catchUp(shown.floor);
                    break;
                }
                shown.pushed(next);
                next = inbox.poll();
            } while (next != null);
            out().flush();
        }
    }

    /**
     * What has been printed. Event Admin keeps the order of the events posted by one thread only, and events are
     * recorded by many (tasks, monitors, drivers' callbacks), so two recorded at once may be pushed out of id order:
     * a pushed event is printed when it comes, unless a repository read already covered it. Every event up to
     * {@link #floor} was read from the repository (printed, or not matching); those pushed and printed above it are
     * remembered until the next read raises the floor past them, at the latest every {@link #QUEUE} of them.
     */
    private final class Shown {
        private final EventFilter filter;
        private final Set<Long> printedAbove = new HashSet<>();
        long floor;

        Shown(EventFilter filter) {
            this.filter = filter;
        }

        void pushed(Event e) {
            if (e.id() <= floor || !printedAbove.add(e.id())) {
                return;
            }
            print(e);
            if (printedAbove.size() >= QUEUE) {
                catchUp(floor);
            }
        }

        /** Prints the matching events after {@code after} that the repository has now and were not printed yet. */
        void catchUp(long after) {
            long read = after;
            List<Event> batch;
            do {
                batch = eventService.eventsAfter(read, filter, BATCH);
                for (Event e : batch) {
                    if (!printedAbove.contains(e.id())) {
                        print(e);
                    }
                    read = e.id();
                }
            } while (batch.size() == BATCH && !out().checkError());
            // Each pushed event was committed before it was pushed, so this read saw every one printed so far.
            floor = Math.max(floor, read);
            printedAbove.removeIf(id -> id <= floor);
        }
    }

    private long newestId() {
        List<Event> newest = eventService.events(null, new PageRequest(0, 1)).items();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** The last {@link #last} events at or below {@code upTo} that pass the filter, oldest first. */
    private List<Event> lastMatching(EventFilter filter, long upTo) {
        List<Event> found = new ArrayList<>();
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
        out().printf(
                        "%6d  %s  %-7s  %-22s  %-28s  %s%n",
                        e.id(),
                        Output.time(e.time()),
                        e.severity(),
                        Output.text(e.type()),
                        Output.target(e.subjectType(), e.subjectId()),
                        Output.text(e.message()));
    }

    /**
     * The events pushed and not printed yet. The feed's thread only offers; when the queue is full it drops the
     * event and every later one and raises {@link #overflowed}: the command then empties the queue and reads what
     * it missed from the repository (the dropped events were committed before they were pushed, so the reading,
     * which starts after the flag is lowered, has them all).
     */
    static final class Inbox {
        private final BlockingQueue<Event> queue;
        private final AtomicBoolean overflow = new AtomicBoolean();

        Inbox(int capacity) {
            queue = new LinkedBlockingQueue<>(capacity);
        }

        void offer(Event event) {
            if (overflow.get() || !queue.offer(event)) {
                overflow.set(true);
            }
        }

        Event take() throws InterruptedException {
            return queue.take();
        }

        Event poll() {
            return queue.poll();
        }

        /** Whether events were dropped since the last call; if so, the queue is emptied (catch up from the log). */
        boolean overflowed() {
            if (!overflow.getAndSet(false)) {
                return false;
            }
            queue.clear();
            return true;
        }
    }
}

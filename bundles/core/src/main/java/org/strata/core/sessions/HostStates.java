package org.strata.core.sessions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.strata.api.event.Event;
import org.strata.api.inventory.HostState;
import org.strata.core.events.EventLog;

/**
 * What the last contact with each host said. Kept in memory: it is live state, re-learnt at the next
 * contact, not configuration. Whether the host's driver runs is asked of the registry at read time.
 */
public final class HostStates {

    public record Contact(HostState state, String reason) {}

    private static final Contact NEVER = new Contact(HostState.AVAILABLE, null);

    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final EventLog events;

    public HostStates(EventLog events) {
        this.events = events;
    }

    public Contact last(String hostId) {
        return contacts.getOrDefault(hostId, NEVER);
    }

    /** Records a contact's outcome, and an event when it differs from the previous one. */
    public void record(String hostId, HostState state, String reason) {
        Contact now = new Contact(state, reason);
        Contact before = contacts.put(hostId, now);
        if ((before == null ? NEVER : before).state() != state) {
            events.record(
                    state == HostState.AVAILABLE ? Event.Severity.INFO : Event.Severity.ERROR,
                    "HOST_STATE_CHANGED",
                    "host",
                    hostId,
                    "Host is now " + state + (reason == null ? "" : ": " + reason));
        }
    }

    public void forget(String hostId) {
        contacts.remove(hostId);
    }
}

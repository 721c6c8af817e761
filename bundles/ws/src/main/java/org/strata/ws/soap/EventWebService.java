package org.strata.ws.soap;

import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;

/**
 * The event log over SOAP, for integrators that poll: the events after the last id they saw, oldest first (REST
 * pushes the same events as Server-Sent Events).
 */
@WebService(name = "Events", serviceName = "EventWebService", portName = "EventPort", targetNamespace = Soap.NAMESPACE)
public class EventWebService {
    static final int DEFAULT_LIMIT = 100;
    /** As every list of the API (PageRequest.MAX_LIMIT); one more is read to tell whether more are waiting. */
    static final int MAX_LIMIT = 500;

    private final EventService events;

    public EventWebService(EventService events) {
        this.events = events;
    }

    /**
     * Events with an id greater than {@code afterId} (0 or absent: from the first), oldest first, at most
     * {@code limit} (1 to 500, default 100); {@code types} (the SOAP element named type, which may repeat) keeps any
     * of them, {@code subjectType} and {@code subjectId} narrow to a kind of subject or one subject.
     */
    @WebMethod
    @WebResult(name = "batch")
    public EventBatchDto listEventsSince(
            @WebParam(name = "afterId") Long afterId,
            @WebParam(name = "limit") Integer limit,
            @WebParam(name = "type") List<String> types,
            @WebParam(name = "subjectType") String subjectType,
            @WebParam(name = "subjectId") String subjectId)
            throws StrataFault {
        return Faults.call(() -> {
            long after = afterId == null ? 0 : afterId;
            if (after < 0) {
                throw StrataException.invalid("afterId must be 0 or more, was " + after);
            }
            int max = limit == null ? DEFAULT_LIMIT : limit;
            if (max < 1 || max > MAX_LIMIT) {
                throw StrataException.invalid("limit must be between 1 and " + MAX_LIMIT + ", was " + max);
            }
            // One more than asked, to tell the caller whether more are waiting.
            List<Event> found = events.eventsAfter(after, EventFilter.of(types, subjectType, subjectId), max + 1);
            EventBatchDto batch = new EventBatchDto();
            for (Event e : found.subList(0, Math.min(max, found.size()))) {
                batch.events.add(SoapMapping.event(e));
            }
            batch.more = found.size() > max;
            batch.lastId = batch.events.isEmpty() ? after : batch.events.get(batch.events.size() - 1).id;
            return batch;
        });
    }
}

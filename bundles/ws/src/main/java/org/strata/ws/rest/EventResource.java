package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.strata.api.Page;
import org.strata.api.event.Event;
import org.strata.api.event.EventService;

/** The event log, newest first. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {
    private final EventService events;

    public EventResource(EventService events) {
        this.events = events;
    }

    @GET
    public Page<Event> list(
            @QueryParam("subject") String subject,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return events.events(QueryParams.text(subject), QueryParams.page(offset, limit));
    }
}

package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.strata.api.Page;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.event.Event;
import org.strata.api.event.EventService;
import org.strata.api.vm.VmService;
import org.strata.ws.security.Scopes;

/** The event log, newest first. */
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {
    private final EventService events;
    private final VmService vms;
    private final Scopes scopes;

    public EventResource(EventService events, VmService vms, Scopes scopes) {
        this.events = events;
        this.vms = vms;
        this.scopes = scopes;
    }

    @GET
    public Page<Event> list(
            @QueryParam("subject") String subject,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @Context SecurityContext security) {
        String subjectId = QueryParams.text(subject);
        TenantScope scope = scopes.of(Requests.user(security));
        if (scope.scoped()) {
            // The log is the platform's; a scoped user reads the events of one of its VMs, named as the subject.
            if (subjectId == null) {
                scope.requirePlatform();
            }
            scope.vm(vms.vm(subjectId));
        }
        return events.events(subjectId, QueryParams.page(offset, limit));
    }
}

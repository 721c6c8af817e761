package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.strata.api.Page;
import org.strata.api.history.HistoryEntry;
import org.strata.api.history.HistoryService;

/** The configuration change history, newest first. */
@Path("/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {
    private final HistoryService history;

    public HistoryResource(HistoryService history) {
        this.history = history;
    }

    @GET
    public Page<HistoryEntry> list(
            @QueryParam("entityType") String entityType,
            @QueryParam("entityId") String entityId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return history.history(
                QueryParams.text(entityType), QueryParams.text(entityId), QueryParams.page(offset, limit));
    }
}

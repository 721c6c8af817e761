package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.strata.api.health.Health;
import org.strata.api.health.HealthService;
import org.strata.api.health.HealthStatus;

/**
 * Liveness and readiness, as load balancers, service managers and the launcher ask. Each answers 200 when the
 * state it names holds and 503 when not, so a probe needs only the status code. Without credentials the body
 * holds the overall state only; with a user (any Strata role) it lists every check.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final HealthService health;

    public HealthResource(HealthService health) {
        this.health = health;
    }

    /** Whether a pre-matching filter's path (relative to /api/v1, without a leading slash) is one of these. */
    static boolean isHealthPath(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("health") || p.equals("health/live") || p.equals("health/ready");
    }

    /** Readiness, with every check for a user. */
    @GET
    public Response health(@Context SecurityContext security) {
        Health h = health.health();
        return answer(h.ready(), authenticated(security) ? h : summary(h));
    }

    /** Live: the platform answers requests. Cheap: nothing is checked beyond that. */
    @GET
    @Path("/live")
    public Response live() {
        return answer(true, new Summary(HealthStatus.UP));
    }

    /** Ready: requests can be served as usual. */
    @GET
    @Path("/ready")
    public Response ready(@Context SecurityContext security) {
        return health(security);
    }

    /** Liveness's body. */
    public record Summary(HealthStatus status) {}

    /** Readiness without the checks: what a caller without credentials gets. */
    public record ReadySummary(HealthStatus status, boolean live, boolean ready) {}

    private static Object summary(Health h) {
        return new ReadySummary(h.status(), h.live(), h.ready());
    }

    private static boolean authenticated(SecurityContext security) {
        return security != null && security.getUserPrincipal() != null;
    }

    private static Response answer(boolean ok, Object body) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(ok ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(noStore)
                .entity(body)
                .build();
    }
}

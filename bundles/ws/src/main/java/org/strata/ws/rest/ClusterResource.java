package org.strata.ws.rest;

import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.Page;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.api.task.TaskService;

/** Clusters, their hosts and maintenance mode (the datacenter layer; 503 while it is not running). */
@Path("/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
    private final ClusterService clusters;
    private final TaskService tasks;

    public ClusterResource(ClusterService clusters, TaskService tasks) {
        this.clusters = clusters;
        this.tasks = tasks;
    }

    @GET
    public Page<Cluster> list(
            @QueryParam("datacenter") String datacenter,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return clusters.clusters(QueryParams.text(datacenter), QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ClusterSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        Cluster created = clusters.createCluster(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public Cluster get(@PathParam("id") String id) {
        return clusters.cluster(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Cluster update(@PathParam("id") String id, ClusterSpec spec, @Context SecurityContext security) {
        return clusters.updateCluster(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        clusters.deleteCluster(id, Requests.principal(security));
        return Response.noContent().build();
    }

    /**
     * The cluster's calendar, the policy it follows now, and what it will follow for the next {@code days} days (1 to
     * 366, default 7).
     */
    @GET
    @Path("/{id}/schedule")
    public Bodies.ScheduleView schedule(@PathParam("id") String id, @QueryParam("days") String days) {
        Integer n = QueryParams.bounded("days", days, 1, 366);
        ClusterSchedule schedule;
        try {
            schedule = clusters.schedule(id);
        } catch (org.strata.api.StrataException e) {
            if (e.code() != org.strata.api.ErrorCode.NOT_FOUND) {
                throw e;
            }
            clusters.cluster(id); // a missing cluster is a 404; a cluster without a calendar has none to show
            schedule = null;
        }
        return new Bodies.ScheduleView(schedule, clusters.activePolicy(id), clusters.timeline(id, n == null ? 7 : n));
    }

    @PUT
    @Path("/{id}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    public Bodies.ScheduleView setSchedule(
            @PathParam("id") String id, ClusterSchedule schedule, @Context SecurityContext security) {
        clusters.setSchedule(id, Requests.body(schedule), Requests.principal(security));
        return new Bodies.ScheduleView(schedule, clusters.activePolicy(id), clusters.timeline(id, 7));
    }

    @DELETE
    @Path("/{id}/schedule")
    public Response removeSchedule(@PathParam("id") String id, @Context SecurityContext security) {
        clusters.setSchedule(id, null, Requests.principal(security));
        return Response.noContent().build();
    }

    /** A balancing round computed now from measured load, nothing done: what manual mode shows. */
    @GET
    @Path("/{id}/recommendations")
    public BalancingReport recommendations(@PathParam("id") String id) {
        return clusters.recommendations(id);
    }

    /** Carries out a balancing round now: a task that migrates what it recommends. */
    @POST
    @Path("/{id}/recommendations/apply")
    public Response apply(
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(clusters.applyRecommendations(id, Requests.principal(security)), seconds, tasks, uri);
    }

    @GET
    @Path("/{id}/hosts")
    public List<ClusterHost> hosts(@PathParam("id") String id) {
        return clusters.hosts(id);
    }

    @POST
    @Path("/{id}/hosts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addHost(
            @PathParam("id") String id,
            Bodies.ClusterMember body,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Bodies.ClusterMember member = Requests.body(body);
        ClusterHost added = clusters.addHost(id, member.hostId(), member.labels(), Requests.principal(security));
        return Response.created(
                        uri.getAbsolutePathBuilder().path(added.hostId()).build())
                .entity(added)
                .build();
    }

    @GET
    @Path("/{id}/hosts/{hostId}")
    public ClusterHost host(@PathParam("id") String id, @PathParam("hostId") String hostId) {
        ClusterHost member = clusters.membership(hostId);
        if (!member.clusterId().equals(id)) {
            throw org.strata.api.StrataException.notFound("host in cluster " + id, hostId);
        }
        return member;
    }

    @PUT
    @Path("/{id}/hosts/{hostId}/labels")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClusterHost labels(
            @PathParam("id") String id,
            @PathParam("hostId") String hostId,
            Map<String, String> labels,
            @Context SecurityContext security) {
        return clusters.setLabels(id, hostId, Requests.body(labels), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}/hosts/{hostId}")
    public Response removeHost(
            @PathParam("id") String id, @PathParam("hostId") String hostId, @Context SecurityContext security) {
        clusters.removeHost(id, hostId, Requests.principal(security));
        return Response.noContent().build();
    }

    /** Enters maintenance: a task that moves the host's running VMs to the other hosts of the cluster. */
    @POST
    @Path("/{id}/hosts/{hostId}/maintenance")
    public Response enterMaintenance(
            @PathParam("id") String id,
            @PathParam("hostId") String hostId,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        host(id, hostId);
        return Accepted.of(clusters.enterMaintenance(hostId, Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}/hosts/{hostId}/maintenance")
    public ClusterHost exitMaintenance(
            @PathParam("id") String id, @PathParam("hostId") String hostId, @Context SecurityContext security) {
        host(id, hostId);
        return clusters.exitMaintenance(hostId, Requests.principal(security));
    }
}

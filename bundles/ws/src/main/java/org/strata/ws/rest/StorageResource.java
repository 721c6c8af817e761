package org.strata.ws.rest;

import java.util.List;
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
import org.strata.api.StrataException;
import org.strata.api.storage.StorageAttachment;
import org.strata.api.storage.StoragePool;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSnapshot;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.TaskService;

/**
 * Pools and volumes of a storage host. The same root path as {@link HostResource}: a storage pool is
 * reached through its host, and JAX-RS merges the routes of root resources that share a path.
 */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {
    private final StorageService storage;
    private final TaskService tasks;

    public StorageResource(StorageService storage, TaskService tasks) {
        this.storage = storage;
        this.tasks = tasks;
    }

    @GET
    @Path("/{id}/storage-pools")
    public List<String> pools(@PathParam("id") String hostId) {
        return storage.pools(hostId);
    }

    @GET
    @Path("/{id}/storage-pools/{pool}")
    public StoragePool pool(@PathParam("id") String hostId, @PathParam("pool") String pool) {
        return storage.pool(hostId, pool);
    }

    @GET
    @Path("/{id}/storage-pools/{pool}/volumes")
    public List<Volume> volumes(@PathParam("id") String hostId, @PathParam("pool") String pool) {
        return storage.volumes(hostId, pool);
    }

    @GET
    @Path("/{id}/storage-pools/{pool}/volumes/{name}")
    public Volume volume(
            @PathParam("id") String hostId, @PathParam("pool") String pool, @PathParam("name") String name) {
        return storage.volume(hostId, pool, name);
    }

    /** The volume's snapshots, oldest first. */
    @GET
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/snapshots")
    public List<VolumeSnapshot> volumeSnapshots(
            @PathParam("id") String hostId, @PathParam("pool") String pool, @PathParam("name") String name) {
        return storage.volumeSnapshots(hostId, pool, name);
    }

    @POST
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response snapshotVolume(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            Bodies.CloneVolume body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        String snapshot = Requests.body(body).name();
        return Accepted.of(
                storage.snapshotVolume(hostId, pool, name, snapshot, Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @POST
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/snapshots/{snapshot}/revert")
    public Response revertVolume(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            @PathParam("snapshot") String snapshot,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                storage.revertVolume(hostId, pool, name, snapshot, Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/snapshots/{snapshot}")
    public Response deleteVolumeSnapshot(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            @PathParam("snapshot") String snapshot,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                storage.deleteVolumeSnapshot(hostId, pool, name, snapshot, Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    /** Who sees the pool: its attachments to clusters and hosts. */
    @GET
    @Path("/{id}/storage-pools/{pool}/attachments")
    public List<StorageAttachment> attachments(@PathParam("id") String hostId, @PathParam("pool") String pool) {
        return storage.attachments(hostId, pool);
    }

    /** Attaches the pool to a cluster or a host (the body names one); 201 with the attachment. */
    @POST
    @Path("/{id}/storage-pools/{pool}/attachments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attach(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            StorageAttachment body,
            @Context SecurityContext security) {
        StorageAttachment made = storage.attach(hostId, pool, Requests.body(body), Requests.principal(security));
        return Response.status(Response.Status.CREATED).entity(made).build();
    }

    /** Detaches the pool from the cluster or host with that id; 204. */
    @DELETE
    @Path("/{id}/storage-pools/{pool}/attachments/{target}")
    public Response detach(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("target") String target,
            @Context SecurityContext security) {
        storage.detach(hostId, pool, target, Requests.principal(security));
        return Response.noContent().build();
    }

    /** The body is a VolumeSpec; its pool comes from the path, and a different one in the body is refused. */
    @POST
    @Path("/{id}/storage-pools/{pool}/volumes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            VolumeSpec spec,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        VolumeSpec body = Requests.body(spec);
        checkPool(pool, body.pool());
        VolumeSpec inPool = new VolumeSpec(pool, body.name(), body.capacityMb(), body.format());
        return Accepted.of(storage.createVolume(hostId, inPool, Requests.principal(security)), seconds, tasks, uri);
    }

    @POST
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response cloneVolume(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            Bodies.CloneVolume body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        String newName = Requests.body(body).name();
        return Accepted.of(
                storage.cloneVolume(hostId, pool, name, newName, Requests.principal(security)), seconds, tasks, uri);
    }

    @PUT
    @Path("/{id}/storage-pools/{pool}/volumes/{name}/size")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resize(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            Bodies.VolumeSize body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        long capacityMb = Requests.body(body).capacityMb();
        return Accepted.of(
                storage.resizeVolume(hostId, pool, name, capacityMb, Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @DELETE
    @Path("/{id}/storage-pools/{pool}/volumes/{name}")
    public Response delete(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            @PathParam("name") String name,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(storage.deleteVolume(hostId, pool, name, Requests.principal(security)), seconds, tasks, uri);
    }

    /** The body is a VolumeImport; its pool comes from the path, as for a new volume. */
    @POST
    @Path("/{id}/storage-pools/{pool}/imports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importVolume(
            @PathParam("id") String hostId,
            @PathParam("pool") String pool,
            VolumeImport spec,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        VolumeImport body = Requests.body(spec);
        checkPool(pool, body.pool());
        VolumeImport inPool =
                new VolumeImport(pool, body.name(), body.sourcePath(), body.sourceFormat(), body.format());
        return Accepted.of(storage.importVolume(hostId, inPool, Requests.principal(security)), seconds, tasks, uri);
    }

    /** A body may repeat the path's pool (as a fetched object would) but not name another one. */
    private static void checkPool(String path, String body) {
        if (body != null && !body.equals(path)) {
            throw StrataException.invalid("field 'pool' is '" + body + "' but the path names pool '" + path + "'");
        }
    }
}

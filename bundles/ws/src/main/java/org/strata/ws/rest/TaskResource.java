package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.strata.api.Page;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmService;
import org.strata.ws.security.Scopes;

/** Tasks: long work, listed newest first. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final TaskService tasks;
    private final VmService vms;
    private final Scopes scopes;

    public TaskResource(TaskService tasks, VmService vms, Scopes scopes) {
        this.tasks = tasks;
        this.vms = vms;
        this.scopes = scopes;
    }

    /** The task, or 404 when the caller is scoped and neither submitted it nor sees the VM it is about. */
    private Task visible(String id, SecurityContext security) {
        return scopes.of(Requests.user(security)).task(tasks.task(id), vms);
    }

    @GET
    public Page<Task> list(
            @QueryParam("state") String state,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @Context SecurityContext security) {
        // A scoped user follows its tasks by id (each change answers with its task); the list is everybody's.
        scopes.of(Requests.user(security)).requirePlatform();
        return tasks.tasks(QueryParams.enumeration("state", state, TaskState.class), QueryParams.page(offset, limit));
    }

    @GET
    @Path("/{id}")
    public Task get(@PathParam("id") String id, @Context SecurityContext security) {
        return visible(id, security);
    }

    @POST
    @Path("/{id}/cancel")
    public Task cancel(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return tasks.cancel(id, Requests.principal(security));
    }
}

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

/** Tasks: long work, listed newest first. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {
    private final TaskService tasks;

    public TaskResource(TaskService tasks) {
        this.tasks = tasks;
    }

    @GET
    public Page<Task> list(
            @QueryParam("state") String state, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return tasks.tasks(QueryParams.enumeration("state", state, TaskState.class), QueryParams.page(offset, limit));
    }

    @GET
    @Path("/{id}")
    public Task get(@PathParam("id") String id) {
        return tasks.task(id);
    }

    @POST
    @Path("/{id}/cancel")
    public Task cancel(@PathParam("id") String id, @Context SecurityContext security) {
        return tasks.cancel(id, Requests.principal(security));
    }
}

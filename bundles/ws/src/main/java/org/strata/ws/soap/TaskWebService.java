package org.strata.ws.soap;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmService;
import org.strata.ws.security.Scopes;

/** Tasks over SOAP: list, read, cancel. */
@WebService(name = "Tasks", serviceName = "TaskWebService", portName = "TaskPort", targetNamespace = Soap.NAMESPACE)
public class TaskWebService {
    private final TaskService tasks;
    private final SoapCaller caller;
    private final VmService vms;
    private final Scopes scopes;

    public TaskWebService(TaskService tasks, SoapCaller caller, VmService vms, Scopes scopes) {
        this.tasks = tasks;
        this.caller = caller;
        this.vms = vms;
        this.scopes = scopes;
    }

    /** The task, or NOT_FOUND when the caller is scoped and it is neither its own nor about one of its VMs. */
    private org.strata.api.task.Task visible(String id) throws StrataFault {
        caller.reader();
        return scopes.of(caller.current()).task(tasks.task(id), vms);
    }

    /** Tasks newest first; {@code state} is a TaskState name, or absent for all. */
    @WebMethod
    @WebResult(name = "page")
    public TaskPageDto listTasks(
            @WebParam(name = "state") String state,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> {
            caller.reader();
            scopes.of(caller.current()).requirePlatform(); // the list is everybody's; a scoped user reads by id
            return SoapMapping.tasks(tasks.tasks(state(state), PageRequest.of(offset, limit)));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto getTask(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.task(visible(id)));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto cancelTask(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(tasks.cancel(id, caller.writer()));
        });
    }

    private static TaskState state(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return TaskState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid("state must be one of "
                    + Arrays.stream(TaskState.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}

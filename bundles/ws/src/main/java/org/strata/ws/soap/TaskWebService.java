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

/** Tasks over SOAP: list, read, cancel. */
@WebService(name = "Tasks", serviceName = "TaskWebService", portName = "TaskPort", targetNamespace = Soap.NAMESPACE)
public class TaskWebService {
    private final TaskService tasks;
    private final SoapCaller caller;

    public TaskWebService(TaskService tasks, SoapCaller caller) {
        this.tasks = tasks;
        this.caller = caller;
    }

    /** Tasks newest first; {@code state} is a TaskState name, or absent for all. */
    @WebMethod
    @WebResult(name = "page")
    public TaskPageDto listTasks(
            @WebParam(name = "state") String state,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.tasks(tasks.tasks(state(state), PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto getTask(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.task(tasks.task(id)));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto cancelTask(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.task(tasks.cancel(id, caller.writer())));
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

package org.strata.shell.completer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;

/** Ids of tasks: the running and queued ones first, then the newest others, at most {@value Candidates#CAP}. */
@Service
public class TaskIdCompleter implements Completer {

    @Reference
    TaskService taskService;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(session, commandLine, candidates, this::ids);
    }

    private Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        for (TaskState state : new TaskState[] {TaskState.RUNNING, TaskState.QUEUED, null}) {
            int room = Candidates.CAP - ids.size();
            if (room <= 0) {
                break;
            }
            for (Task task : taskService.tasks(state, new PageRequest(0, room)).items()) {
                if (ids.size() < Candidates.CAP) {
                    ids.add(task.id());
                }
            }
        }
        return ids;
    }
}

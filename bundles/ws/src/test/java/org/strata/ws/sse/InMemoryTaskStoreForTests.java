package org.strata.ws.sse;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.repository.TaskStore;

/** The task table's stand-in for the stream tests (no database here): a map, listed newest first. */
final class InMemoryTaskStoreForTests implements TaskStore {
    private final Map<String, Task> saved = new ConcurrentHashMap<>();

    @Override
    public void saveTask(Task task) {
        saved.put(task.id(), task);
    }

    @Override
    public Optional<Task> task(String id) {
        return Optional.ofNullable(saved.get(id));
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        List<Task> all = saved.values().stream()
                .filter(t -> state == null || t.state() == state)
                .sorted(Comparator.comparing(Task::created).reversed())
                .toList();
        int from = Math.min(all.size(), page.offset());
        int to = Math.min(all.size(), from + page.limit());
        return new Page<>(all.subList(from, to), page.offset(), page.limit(), all.size());
    }

    @Override
    public int failUnfinishedTasks(String message) {
        return 0;
    }
}

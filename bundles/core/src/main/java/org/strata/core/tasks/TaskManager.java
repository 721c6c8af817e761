package org.strata.core.tasks;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.HealthCheck;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.TaskService;
import org.strata.api.TaskState;
import org.strata.core.drivers.DriverFaults;
import org.strata.repository.ConfigRepository;
import org.strata.spi.DriverException;

/**
 * Runs long work as tasks on a bounded pool and keeps every task in the repository, so that the list
 * survives restarts and a task cut short by a crash shows as failed, not as running forever.
 */
@Component(service = {TaskManager.class, TaskService.class})
public final class TaskManager implements TaskService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);
    /** Enough for a few long waits (a graceful shutdown waits up to its time-out, a migration copies memory). */
    private static final int WORKERS = 8;

    private final ConfigRepository repository;
    private final Clock clock;
    private final ExecutorService executor;
    private final int workers;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    @Activate
    public TaskManager(@Reference ConfigRepository repository) {
        this(repository, Clock.systemUTC(), WORKERS);
    }

    public TaskManager(ConfigRepository repository, Clock clock, int workers) {
        this.repository = repository;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(workers, new Named());
        this.workers = workers;
        int interrupted = repository.failUnfinishedTasks("interrupted: Strata stopped before the task finished");
        if (interrupted > 0) {
            LOG.warn("{} task(s) left unfinished by the last run were marked failed", interrupted);
        }
    }

    @Deactivate
    public void close() {
        executor.shutdownNow();
        running.values().forEach(r -> r.cancelRequested = true);
    }

    /** The task runner for the health check: down once stopped; otherwise how busy it is. */
    public HealthCheck health() {
        if (executor.isShutdown()) {
            return HealthCheck.down("tasks", true, "the task runner has stopped");
        }
        long started = running.values().stream().filter(r -> r.task.state() == TaskState.RUNNING).count();
        return HealthCheck.up("tasks", true, started + " running, " + (running.size() - started) + " queued, "
                + workers + " workers");
    }

    /** Queues work as a task and returns the task as it stands now (QUEUED). */
    public Task submit(String operation, String targetType, String targetId, String principal, TaskWork work) {
        Task task = new Task(UUID.randomUUID().toString(), operation, targetType, targetId, TaskState.QUEUED, 0,
                "queued", null, null, null, principal, clock.instant(), null, null);
        repository.saveTask(task);
        Running handle = new Running(task);
        running.put(task.id(), handle);
        synchronized (handle) {
            // Held so that the task cannot start, nor be cancelled, before its future is known.
            handle.future = executor.submit(() -> execute(handle, work));
        }
        return task;
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        return repository.tasks(state, page);
    }

    @Override
    public Task task(String id) {
        return repository.task(id).orElseThrow(() -> StrataException.notFound("task", id));
    }

    @Override
    public Task await(String id, Duration timeout) {
        Running handle = running.get(id);
        if (handle != null) {
            try {
                handle.finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return handle.task;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return handle.task;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return task(id);
    }

    @Override
    public Task cancel(String id, String principal) {
        Running handle = running.get(id);
        if (handle == null) {
            Task task = task(id);
            throw StrataException.conflict("task " + id + " has already finished (" + task.state() + ")");
        }
        synchronized (handle) {
            handle.cancelRequested = true;
            if (handle.task.state() == TaskState.QUEUED) {
                // Not started: it will never run, so it is cancelled now rather than at its first check.
                handle.future.cancel(false);
                finish(handle, TaskState.CANCELLED, "cancelled by " + principal, null, null, null);
            } else {
                handle.future.cancel(true);
                update(handle, handle.task.progress(), "cancellation requested by " + principal);
            }
            return handle.task;
        }
    }

    private void execute(Running handle, TaskWork work) {
        synchronized (handle) {
            if (handle.cancelRequested || handle.task.state().done()) {
                return;
            }
            Task t = handle.task;
            save(handle, new Task(t.id(), t.operation(), t.targetType(), t.targetId(), TaskState.RUNNING, 0,
                    "running", null, null, null, t.principal(), t.created(), clock.instant(), null));
        }
        try {
            String result = work.run(new Context(handle));
            if (handle.cancelRequested) {
                finish(handle, TaskState.CANCELLED, "cancelled", null, null, null);
            } else {
                finish(handle, TaskState.SUCCEEDED, "done", result, null, null);
            }
        } catch (TaskCancelledException | InterruptedException e) {
            finish(handle, TaskState.CANCELLED, "cancelled", null, null, null);
        } catch (StrataException e) {
            finish(handle, TaskState.FAILED, "failed", null, e.code(), e.getMessage());
        } catch (DriverException e) {
            Task t = handle.task;
            finish(handle, TaskState.FAILED, "failed", null, DriverFaults.code(e), DriverFaults.message(e,
                    t.targetType() + " " + t.targetId() + " (task " + t.id() + ", " + t.operation() + ")"));
        } catch (Exception | LinkageError e) {
            String reference = UUID.randomUUID().toString();
            LOG.error("Task {} ({}) failed; reference {}", handle.task.id(), handle.task.operation(), reference, e);
            finish(handle, TaskState.FAILED, "failed", null, ErrorCode.INTERNAL,
                    "internal error; reference " + reference);
        }
    }

    private void update(Running handle, int progress, String message) {
        synchronized (handle) {
            if (handle.task.state().done()) {
                return;
            }
            Task t = handle.task;
            save(handle, new Task(t.id(), t.operation(), t.targetType(), t.targetId(), t.state(),
                    Math.max(0, Math.min(100, progress)), message, null, null, null, t.principal(), t.created(),
                    t.started(), null));
        }
    }

    private void finish(Running handle, TaskState state, String message, String result, ErrorCode code,
                        String error) {
        synchronized (handle) {
            if (handle.task.state().done()) {
                return;
            }
            Task t = handle.task;
            int progress = state == TaskState.SUCCEEDED ? 100 : t.progress();
            save(handle, new Task(t.id(), t.operation(), t.targetType(), t.targetId(), state, progress, message,
                    result, code, error, t.principal(), t.created(), t.started(), clock.instant()));
            running.remove(t.id());
            handle.finished.complete(handle.task);
        }
    }

    private void save(Running handle, Task task) {
        handle.task = task;
        try {
            repository.saveTask(task);
        } catch (RuntimeException e) {
            // The task goes on; its state is still served from memory while it runs.
            LOG.warn("Could not save task {}: {}", task.id(), e.getMessage());
        }
    }

    private final class Context implements TaskContext {
        private final Running handle;

        Context(Running handle) {
            this.handle = handle;
        }

        @Override
        public void progress(int percent, String message) {
            checkCancelled();
            update(handle, percent, message);
        }

        @Override
        public void checkCancelled() {
            if (handle.cancelRequested || Thread.currentThread().isInterrupted()) {
                throw new TaskCancelledException();
            }
        }
    }

    private static final class Running {
        volatile Task task;
        volatile boolean cancelRequested;
        volatile Future<?> future;
        final CompletableFuture<Task> finished = new CompletableFuture<>();

        Running(Task task) {
            this.task = task;
        }
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, "strata-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

package org.strata.core.tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.health.HealthCheck;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.events.OrderedPoster;
import org.strata.engine.Lane;
import org.strata.engine.TaskCancelledException;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.engine.TaskWork;
import org.strata.repository.TaskStore;
import org.strata.spi.DriverException;

/**
 * Runs long work as tasks and keeps every task in the repository, so that the list survives restarts and a task
 * cut short by a crash shows as failed, not as running forever.
 *
 * <p>Order: each target (and each further target a task holds) has a queue; a task starts when it is first in the
 * queue of every target it holds, so two tasks never work on one VM, host or machine at once, and tasks that share
 * targets run in the order they came. The queues are entered together under one lock, which keeps that order the
 * same in every queue: a task holding several targets cannot deadlock with another. A waiting task is QUEUED and
 * its message names the task it waits for (kept in memory: it changes as others finish, and is no configuration).
 *
 * <p>Lanes: each {@link Lane} has workers of its own, so that 120 s graceful shutdowns cannot hold the workers an
 * HA restart needs. Idle workers end after a minute.
 *
 * <p>Changes: every change of a task (submitted, what it waits for, started, each progress or message, its end) is
 * posted on Event Admin, topic {@value #CHANGED_TOPIC}, property {@value #TASK_PROPERTY} the task as it stands
 * after the change, when an Event Admin is there. One thread posts them, in the order the changes were made:
 * Event Admin keeps the order of one posting thread only, and a task changes on the submitter's thread, its
 * worker's and a canceller's, so a reader could otherwise see a task running again after it finished.
 */
@Component(service = {TaskManager.class, TaskService.class, TaskEngine.class})
public final class TaskManager implements TaskService, TaskEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);
    /**
     * Workers per lane. Urgent work is rare and short; normal work is what clients wait on; long work mostly waits
     * on the outside world (a guest shutting down, memory copied to another host), so it may have more at once.
     */
    private static final Map<Lane, Integer> WORKERS = Map.of(Lane.URGENT, 4, Lane.NORMAL, 8, Lane.LONG, 16);

    /** The Event Admin topic of a task's change. */
    public static final String CHANGED_TOPIC = "org/strata/tasks/CHANGED";
    /** The property that holds the changed {@link Task} (the record itself: readers are in this process). */
    public static final String TASK_PROPERTY = "task";

    private final TaskStore repository;
    private final Clock clock;
    private static final Comparator<Task> NEWEST_FIRST =
            Comparator.comparing(Task::created).thenComparing(Task::id).reversed();

    private final Map<Lane, ThreadPoolExecutor> lanes = new EnumMap<>(Lane.class);
    private final Map<String, Running> live = new ConcurrentHashMap<>();
    /** Guards {@link #queues} and every handle's {@code started}, {@code dispatched} and {@code future}. */
    private final Object order = new Object();

    private final Map<TaskTarget, ArrayDeque<Running>> queues = new HashMap<>();

    private volatile EventAdmin eventAdmin;

    /** Posts the changes, one after another. */
    private final OrderedPoster publisher = new OrderedPoster("strata-task-publisher", () -> eventAdmin);

    @Activate
    public TaskManager(@Reference TaskStore repository) {
        this(repository, Clock.systemUTC(), WORKERS);
    }

    /** With {@code workers} on every lane; for tests. */
    public TaskManager(TaskStore repository, Clock clock, int workers) {
        this(repository, clock, Map.of(Lane.URGENT, workers, Lane.NORMAL, workers, Lane.LONG, workers));
    }

    public TaskManager(TaskStore repository, Clock clock, Map<Lane, Integer> workers) {
        this.repository = repository;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            int size = workers.get(lane);
            ThreadPoolExecutor executor = new ThreadPoolExecutor(
                    size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new Named(lane));
            executor.allowCoreThreadTimeOut(true);
            lanes.put(lane, executor);
        }
        int interrupted = repository.failUnfinishedTasks("interrupted: Strata stopped before the task finished");
        if (interrupted > 0) {
            LOG.warn("{} task(s) left unfinished by the last run were marked failed", interrupted);
        }
    }

    @Deactivate
    public void close() {
        live.values().forEach(r -> r.cancelRequested = true);
        lanes.values().forEach(ThreadPoolExecutor::shutdownNow);
        // Changes already handed over are still posted; nothing waits for them.
        publisher.shutdown();
    }

    /**
     * Dynamic and optional: tasks run the same without Event Admin (unit tests, a platform without the feature),
     * and one that comes or restarts later is used from then on.
     */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindEventAdmin")
    public void bindEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    public void unbindEventAdmin(EventAdmin admin) {
        // A replacement may have been bound before the old one is unbound.
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /** The task runner for the health check: down once stopped; otherwise how busy each lane is. */
    public HealthCheck health() {
        if (lanes.values().stream().anyMatch(ThreadPoolExecutor::isShutdown)) {
            return HealthCheck.down("tasks", true, "the task runner has stopped");
        }
        long running = live.values().stream()
                .filter(r -> r.task.state() == TaskState.RUNNING)
                .count();
        String perLane = lanes.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + e.getValue().getActiveCount() + "/" + e.getValue().getMaximumPoolSize())
                .collect(Collectors.joining(", "));
        return HealthCheck.up(
                "tasks", true, running + " running, " + (live.size() - running) + " queued; workers " + perLane);
    }

    /** Queues work on the normal lane with one target; the short form core's own services use. */
    public Task submit(String operation, String targetType, String targetId, String principal, TaskWork work) {
        return submit(TaskRequest.of(operation, new TaskTarget(targetType, targetId), principal), work);
    }

    @Override
    public Task submit(TaskRequest request, TaskWork work) {
        Task task = new Task(
                UUID.randomUUID().toString(),
                request.operation(),
                request.target().type(),
                request.target().id(),
                TaskState.QUEUED,
                0,
                "queued",
                null,
                null,
                null,
                request.principal(),
                now(),
                null,
                null);
        repository.saveTask(task);
        // Before the task can start, so that QUEUED is posted before RUNNING.
        publish(task);
        LinkedHashSet<TaskTarget> holds = new LinkedHashSet<>();
        holds.add(request.target());
        holds.addAll(request.alsoHolds());
        Running handle = new Running(task, request.lane(), List.copyOf(holds), work);
        live.put(task.id(), handle);
        synchronized (order) {
            for (TaskTarget target : handle.holds) {
                queues.computeIfAbsent(target, t -> new ArrayDeque<>()).addLast(handle);
            }
            dispatchOrWait(handle);
            // Read under the lock: a worker marks the task RUNNING only after taking it, so this is the task as
            // submitted (QUEUED, with what it waits for).
            return handle.task;
        }
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        if (state == TaskState.QUEUED || state == TaskState.RUNNING) {
            return unfinished(state, page);
        }
        Page<Task> stored = repository.tasks(state, page);
        // Live tasks as they stand in memory: their progress and what a queued one waits for.
        List<Task> items = stored.items().stream()
                .map(t -> {
                    Running handle = live.get(t.id());
                    return handle == null ? t : handle.task;
                })
                .toList();
        return new Page<>(items, stored.offset(), stored.limit(), stored.total());
    }

    /**
     * Unfinished tasks are all live, and only memory knows which of them run (the repository stores a running
     * task as QUEUED until it ends): served from memory, in the repository's order (newest first).
     */
    private Page<Task> unfinished(TaskState state, PageRequest page) {
        List<Task> all = live.values().stream()
                .map(handle -> handle.task)
                .filter(t -> t.state() == state)
                .sorted(NEWEST_FIRST)
                .toList();
        int from = (int) Math.min(all.size(), page.offset());
        int to = (int) Math.min(all.size(), (long) from + page.limit());
        return new Page<>(all.subList(from, to), page.offset(), page.limit(), all.size());
    }

    @Override
    public Task task(String id) {
        Running handle = live.get(id);
        if (handle != null) {
            return handle.task;
        }
        return repository.task(id).orElseThrow(() -> StrataException.notFound("task", id));
    }

    @Override
    public Task await(String id, Duration timeout) {
        Running handle = live.get(id);
        if (handle != null) {
            try {
                // the finished task as it was saved, without reading it back
                return handle.finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        Running handle = live.get(id);
        if (handle == null) {
            Task task = task(id);
            throw StrataException.conflict("task " + id + " has already finished (" + task.state() + ")");
        }
        boolean started;
        Future<?> future;
        synchronized (order) {
            handle.cancelRequested = true;
            started = handle.started;
            future = handle.future;
        }
        if (!started) {
            // Not started: it never will (its worker checks the flag first), so it is cancelled now.
            if (future != null) {
                future.cancel(false);
            }
            finish(handle, TaskState.CANCELLED, "cancelled by " + principal, null, null, null);
        } else {
            if (future != null) {
                future.cancel(true);
            }
            update(handle, handle.task.progress(), "cancellation requested by " + principal);
        }
        return handle.task;
    }

    /**
     * Runs {@code action} once the task has ended, whichever way (at once when it has already): what a claim admitted
     * for a task is released by, even when the task is cancelled before it starts.
     */
    public void whenEnded(String taskId, Runnable action) {
        Running handle = live.get(taskId);
        if (handle == null) {
            action.run();
            return;
        }
        // The future this returns is never failed (finish completes it normally): nothing to check on it.
        var unused = handle.finished.whenComplete((task, failure) -> action.run());
    }

    /** The unfinished tasks that hold {@code target}, in the order they will run (the running one first). */
    public List<Task> live(TaskTarget target) {
        synchronized (order) {
            ArrayDeque<Running> queue = queues.get(target);
            return queue == null ? List.of() : queue.stream().map(r -> r.task).toList();
        }
    }

    /** Cancels a task on behalf of the platform; a task that has finished meanwhile is left as it is. */
    public void cancelQuietly(String id, String why) {
        try {
            cancel(id, why);
        } catch (StrataException e) {
            LOG.debug("Task {} was not cancelled for {}: {}", id, why, e.getMessage());
        }
    }

    /** How many tasks wait for their turn or run now; for tests and diagnostics. */
    public int liveCount() {
        return live.size();
    }

    /** Starts the task when it is first in every queue it is in; otherwise says what it waits for. */
    private void dispatchOrWait(Running handle) {
        if (handle.dispatched || handle.task.state().done()) {
            return;
        }
        for (TaskTarget target : handle.holds) {
            Running first = queues.get(target).peekFirst();
            if (first != handle) {
                String waiting =
                        "waiting for task " + first.task.id() + " (" + first.task.operation() + ") on " + target;
                if (!waiting.equals(handle.task.message())) {
                    synchronized (handle) {
                        Task t = handle.task;
                        if (!t.state().done()) {
                            handle.task = new Task(
                                    t.id(),
                                    t.operation(),
                                    t.targetType(),
                                    t.targetId(),
                                    t.state(),
                                    t.progress(),
                                    waiting,
                                    null,
                                    null,
                                    null,
                                    t.principal(),
                                    t.created(),
                                    null,
                                    null);
                            publish(handle.task);
                        }
                    }
                }
                return;
            }
        }
        handle.dispatched = true;
        try {
            handle.future = lanes.get(handle.lane).submit(() -> execute(handle));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Stopping: the task stays QUEUED in the repository and is marked failed at the next start.
            LOG.debug("Task {} not started: the task runner is stopping", handle.task.id());
        }
    }

    /** Takes a finished task out of its queues and starts those that were waiting for it. */
    private void release(Running handle) {
        synchronized (order) {
            List<Running> next = new ArrayList<>();
            for (TaskTarget target : handle.holds) {
                ArrayDeque<Running> queue = queues.get(target);
                if (queue == null) {
                    continue;
                }
                queue.remove(handle);
                if (queue.isEmpty()) {
                    queues.remove(target);
                } else {
                    next.add(queue.peekFirst());
                }
            }
            next.forEach(this::dispatchOrWait);
        }
    }

    private void execute(Running handle) {
        synchronized (order) {
            if (handle.cancelRequested) {
                return; // finished by cancel()
            }
            handle.started = true;
        }
        synchronized (handle) {
            if (handle.task.state().done()) {
                return;
            }
            Task t = handle.task;
            // In memory only, like progress: a live task is read from memory, a crash fails QUEUED and RUNNING
            // rows alike at the next start, and the end's write stores the start time. Writing it would cost one
            // commit of the two or three an operation makes.
            handle.task = (new Task(
                    t.id(),
                    t.operation(),
                    t.targetType(),
                    t.targetId(),
                    TaskState.RUNNING,
                    0,
                    "running",
                    null,
                    null,
                    null,
                    t.principal(),
                    t.created(),
                    now(),
                    null));
            publish(handle.task);
        }
        try {
            String result = handle.work.run(new Context(handle));
            // A cancellation's interrupt is cleared before the end is written: H2 closes its database when a thread
            // interrupted inside its file I/O (the whole repository with it; OsProvisioningIT met it).
            Thread.interrupted();
            if (handle.cancelRequested) {
                finish(handle, TaskState.CANCELLED, "cancelled", null, null, null);
            } else {
                finish(handle, TaskState.SUCCEEDED, "done", result, null, null);
            }
        } catch (TaskCancelledException | InterruptedException e) {
            Thread.interrupted();
            finish(handle, TaskState.CANCELLED, "cancelled", null, null, null);
        } catch (StrataException e) {
            Thread.interrupted();
            finish(handle, TaskState.FAILED, "failed", null, e.code(), e.getMessage());
        } catch (DriverException e) {
            Thread.interrupted();
            Task t = handle.task;
            finish(
                    handle,
                    TaskState.FAILED,
                    "failed",
                    null,
                    DriverFaults.code(e),
                    DriverFaults.message(
                            e, t.targetType() + " " + t.targetId() + " (task " + t.id() + ", " + t.operation() + ")"));
        } catch (Exception | LinkageError e) {
            Thread.interrupted();
            String reference = UUID.randomUUID().toString();
            LOG.error("Task {} ({}) failed; reference {}", handle.task.id(), handle.task.operation(), reference, e);
            finish(
                    handle,
                    TaskState.FAILED,
                    "failed",
                    null,
                    ErrorCode.INTERNAL,
                    "internal error; reference " + reference);
        } finally {
            // The interrupt of a cancellation must not reach the next task this worker runs.
            Thread.interrupted();
        }
    }

    /**
     * Progress is kept in memory only: readers of a live task are served from memory, and a task that a crash
     * interrupts is failed at the next start whatever its progress was, so writing each step would cost a commit
     * (two of a define's five) that nobody reads. States are persisted: QUEUED, RUNNING and the end.
     */
    private void update(Running handle, int progress, String message) {
        synchronized (handle) {
            Task t = handle.task;
            int clamped = Math.max(0, Math.min(100, progress));
            if (t.state().done() || (clamped == t.progress() && Objects.equals(message, t.message()))) {
                return;
            }
            handle.task = new Task(
                    t.id(),
                    t.operation(),
                    t.targetType(),
                    t.targetId(),
                    t.state(),
                    clamped,
                    message,
                    null,
                    null,
                    null,
                    t.principal(),
                    t.created(),
                    t.started(),
                    null);
            publish(handle.task);
        }
    }

    /** Records the end of a task, once, and then lets the tasks that waited for it go. */
    private void finish(Running handle, TaskState state, String message, String result, ErrorCode code, String error) {
        synchronized (handle) {
            if (handle.task.state().done()) {
                return;
            }
            Task t = handle.task;
            int progress = state == TaskState.SUCCEEDED ? 100 : t.progress();
            save(
                    handle,
                    new Task(
                            t.id(),
                            t.operation(),
                            t.targetType(),
                            t.targetId(),
                            state,
                            progress,
                            message,
                            result,
                            code,
                            error,
                            t.principal(),
                            t.created(),
                            t.started(),
                            now()));
            publish(handle.task);
            live.remove(t.id());
        }
        // Outside the task's monitor: the scheduling lock is always taken before a task's, never after.
        release(handle);
        // Last, so that whoever waited for the task finds its targets free.
        handle.finished.complete(handle.task);
    }

    /**
     * The repository keeps times to the millisecond: a task read from memory while it runs, or handed to whoever
     * waited for it, must show the times it will have once stored.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Hands a change to the publishing thread; called where the change is made (under the task's monitor, or before
     * anyone else can see the task), so that the changes of one task are posted in the order they were made.
     */
    private void publish(Task task) {
        if (eventAdmin == null) {
            return;
        }
        org.osgi.service.event.Event changed =
                new org.osgi.service.event.Event(CHANGED_TOPIC, Map.of(TASK_PROPERTY, task));
        // Event Admin stopping: readers poll GET /tasks/{id} or reconnect to the stream.
        boolean handedOver = publisher.post(
                changed, e -> LOG.debug("Could not post the change of task {}: {}", task.id(), e.getMessage()));
        if (!handedOver) {
            LOG.debug("Task {} changed while the task runner stops: not posted", task.id());
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
        public String taskId() {
            return handle.task.id();
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
        final Lane lane;
        final List<TaskTarget> holds;
        final TaskWork work;
        final CompletableFuture<Task> finished = new CompletableFuture<>();
        volatile Task task;
        volatile boolean cancelRequested;
        boolean dispatched;
        boolean started;
        Future<?> future;

        Running(Task task, Lane lane, List<TaskTarget> holds, TaskWork work) {
            this.task = task;
            this.lane = lane;
            this.holds = holds;
            this.work = work;
        }
    }

    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Named(Lane lane) {
            this.prefix = "strata-task-" + lane.name().toLowerCase(java.util.Locale.ROOT) + "-";
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

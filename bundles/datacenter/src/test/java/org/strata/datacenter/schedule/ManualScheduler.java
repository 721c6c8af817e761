package org.strata.datacenter.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.strata.datacenter.ManualClock;

/**
 * A hand-written deterministic stand-in for a scheduled executor and the wall clock (no real one can be stepped
 * through a week without sleeping). The executor keeps its own time, as a real one follows {@code nanoTime}: a task
 * is due its delay after it was scheduled, and runs on the test's thread when {@link #runUntil} reaches its due time
 * plus a chosen latency (a busy executor). The wall clock reads the executor's time plus a chosen skew (a wall clock
 * set back or forward after the task was armed).
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final class Task implements ScheduledFuture<Object> {
        final Instant due;
        final long order;
        final Runnable body;
        boolean cancelled;
        boolean done;

        Task(Instant due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(time, due));
        }

        @Override
        public int compareTo(Delayed other) {
            Task task = (Task) other;
            int byDue = due.compareTo(task.due);
            return byDue != 0 ? byDue : Long.compare(order, task.order);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            boolean wasPending = !cancelled && !done;
            cancelled = true;
            queue.remove(this);
            return wasPending;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }

    final ManualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long scheduled;
    private Instant time;
    private Duration latency = Duration.ZERO;
    private Duration skew = Duration.ZERO;
    private final List<Instant> ranAt = new ArrayList<>();

    ManualScheduler(Instant now) {
        this.time = now;
        this.clock = new ManualClock(now);
    }

    /** From now on, each task runs {@code latency} after it is due. */
    void latency(Duration latency) {
        this.latency = latency;
    }

    /** From now on, the wall clock reads the executor's time plus {@code skew}. */
    void skew(Duration skew) {
        this.skew = skew;
        clock.set(time.plus(skew));
    }

    /** Runs every task whose due time plus the latency is up to {@code end} (executor time), in order. */
    void runUntil(Instant end) {
        while (!queue.isEmpty() && !queue.peek().due.plus(latency).isAfter(end)) {
            Task task = queue.poll();
            Instant runs = task.due.plus(latency);
            if (runs.isAfter(time)) {
                time = runs;
            }
            clock.set(time.plus(skew));
            task.done = true;
            ranAt.add(clock.instant());
            task.body.run();
        }
        time = end;
        clock.set(time.plus(skew));
    }

    int pending() {
        return queue.size();
    }

    List<Instant> ranAt() {
        return ranAt;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(time.plusNanos(unit.toNanos(delay)), scheduled++, command);
        queue.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the edge clock must not add periods");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the edge clock must not add periods");
    }

    @Override
    public void execute(Runnable command) {
        queue.add(new Task(time, scheduled++, command));
    }

    @Override
    public void shutdown() {
        queue.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        queue.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    @Override
    public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException();
    }
}

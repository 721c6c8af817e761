package org.strata.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a periodic round's work on every host with at most {@code parallelism} hosts at a time: the round's own
 * thread takes hosts too, beside {@code parallelism - 1} helper threads of this round's (made when first needed,
 * ended after a minute idle). The hosts' work must be independent of each other: a host's VMs are its own, and the
 * repository and the in-memory stores they write are safe to use from several threads.
 *
 * <p>{@link #forEach} returns once every host's work has ended, so that a round still ends as a whole (the
 * synchronizer queues events behind it). One failing host does not stop the others; the first failure is thrown
 * after all have ended, as the same round on one thread would have thrown it (and then stopped).
 */
public final class HostRound implements AutoCloseable {

    /** The most hosts a round takes at once, whatever is configured. */
    static final int MAX_PARALLELISM = 16;

    private final int parallelism;
    private final ThreadPoolExecutor helpers;

    /**
     * A configured parallelism ({@code monitor.parallelism}, {@code reconcile.parallelism}) brought into 1 to
     * {@value #MAX_PARALLELISM}: a value out of range is taken as its nearest bound rather than refused.
     */
    public static int configured(int parallelism) {
        return Math.max(1, Math.min(MAX_PARALLELISM, parallelism));
    }

    /**
     * @param name        the helper threads' name prefix
     * @param parallelism hosts at a time, at least 1 (1: all on the round's own thread, no helper)
     */
    public HostRound(String name, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        AtomicInteger count = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(
                Math.max(1, parallelism - 1),
                Math.max(1, parallelism - 1),
                1,
                TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        helpers.allowCoreThreadTimeOut(true);
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * Runs {@code work} once per host, at most {@link #parallelism} at a time, and waits for all of them.
     *
     * @throws CancellationException when the round's thread is interrupted (the component closes) while it waits
     */
    public <T> void forEach(List<T> hosts, Consumer<? super T> work) {
        AtomicInteger next = new AtomicInteger();
        List<RuntimeException> failures = new ArrayList<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < hosts.size(); i = next.getAndIncrement()) {
                try {
                    work.accept(hosts.get(i));
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }
        };
        List<Future<?>> running = new ArrayList<>();
        for (int h = 1; h < Math.min(parallelism, hosts.size()); h++) {
            running.add(helpers.submit(worker));
        }
        worker.run();
        try {
            for (Future<?> helper : running) {
                helper.get();
            }
        } catch (InterruptedException e) {
            // Hosts not started yet are not started: the helpers find the index past the end.
            next.set(hosts.size());
            Thread.currentThread().interrupt();
            throw new CancellationException("the round was interrupted");
        } catch (ExecutionException e) {
            // The worker catches RuntimeExceptions itself: this is an Error.
            throw new IllegalStateException("a round's helper thread failed", e.getCause());
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }
    }

    @Override
    public void close() {
        helpers.shutdownNow();
    }
}

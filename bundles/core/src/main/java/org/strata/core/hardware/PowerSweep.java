package org.strata.core.hardware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.strata.api.ErrorCode;
import org.strata.api.hardware.MachinePower;
import org.strata.repository.StoredHost;

/**
 * One power-state sweep over many machines: every machine's question is handed to the shared, bounded pool of
 * sweep workers at once, and the answers are read back in the order they come. Why a queue and not a future per
 * machine read in order: a caller streams the answers (REST writes each line as it comes), and one slow BMC must
 * not hold back the answers of those behind it. At the deadline every machine still unanswered is reported as
 * UNREACHABLE, and its question, if not started yet, is dropped.
 */
final class PowerSweep implements Iterator<MachinePower> {

    private final List<StoredHost> machines;
    private final Duration timeout;
    private final long deadline;
    private final BlockingQueue<MachinePower> answers = new LinkedBlockingQueue<>();
    private final List<Future<?>> questions = new ArrayList<>();
    private final Set<String> answered = new HashSet<>();
    /** Filled at the deadline: the machines that did not answer in time, reported after the answers. */
    private Iterator<MachinePower> late;

    private MachinePower next;

    private PowerSweep(List<StoredHost> machines, Duration timeout) {
        this.machines = machines;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Starts asking every machine on {@code workers}; the stream yields the answers as they come and stops waiting
     * when closed. {@code ask} must not throw: it turns every failure into an answer with an error.
     */
    static Stream<MachinePower> start(
            List<StoredHost> machines,
            Duration timeout,
            ExecutorService workers,
            Function<StoredHost, MachinePower> ask) {
        PowerSweep sweep = new PowerSweep(machines, timeout);
        try {
            for (StoredHost machine : machines) {
                sweep.questions.add(workers.submit(() -> sweep.answers.add(ask.apply(machine))));
            }
        } catch (RejectedExecutionException e) {
            // Only when Strata is stopping: the questions not handed over are answered as such.
            for (int i = sweep.questions.size(); i < machines.size(); i++) {
                StoredHost m = machines.get(i);
                sweep.answers.add(MachinePower.failed(
                        m.id(), m.name(), ErrorCode.UNAVAILABLE.name(), "Strata is stopping; the BMC was not asked"));
            }
        }
        return StreamSupport.stream(
                        Spliterators.spliterator(sweep, machines.size(), Spliterator.NONNULL | Spliterator.SIZED),
                        false)
                .onClose(sweep::cancel);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (late != null) {
            next = late.hasNext() ? late.next() : null;
            return next != null;
        }
        if (answered.size() == machines.size()) {
            return false;
        }
        try {
            long left = deadline - System.nanoTime();
            MachinePower answer = left > 0 ? answers.poll(left, TimeUnit.NANOSECONDS) : answers.poll();
            if (answer == null) {
                timedOut();
                return hasNext();
            }
            answered.add(answer.hostId());
            next = answer;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            late = List.<MachinePower>of().iterator();
            return false;
        }
    }

    @Override
    public MachinePower next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MachinePower answer = next;
        next = null;
        return answer;
    }

    private void timedOut() {
        cancel();
        List<MachinePower> missing = new ArrayList<>();
        String message = "the BMC did not answer within the sweep's " + timeout.toSeconds() + " s";
        for (StoredHost m : machines) {
            if (!answered.contains(m.id())) {
                missing.add(MachinePower.failed(m.id(), m.name(), ErrorCode.UNREACHABLE.name(), message));
            }
        }
        late = missing.iterator();
    }

    /**
     * Drops the questions not started yet. One already asking its BMC is not interrupted: it waits in the driver's
     * own timeout and gives its worker back then.
     */
    private void cancel() {
        questions.forEach(q -> q.cancel(false));
    }
}

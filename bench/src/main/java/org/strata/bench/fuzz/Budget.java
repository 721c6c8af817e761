package org.strata.bench.fuzz;

import java.time.Duration;
import java.util.function.LongSupplier;

/** How many requests and how much time a run may still use; the run stops at whichever ends first. */
final class Budget {

    private final int requests;
    private final long deadlineNanos;
    private final LongSupplier clock;
    private int used;

    Budget(int requests, Duration time, LongSupplier nanoClock) {
        this.requests = requests;
        this.clock = nanoClock;
        this.deadlineNanos = nanoClock.getAsLong() + time.toNanos();
    }

    boolean left() {
        return used < requests && clock.getAsLong() - deadlineNanos < 0;
    }

    void spend() {
        used++;
    }

    int used() {
        return used;
    }

    int total() {
        return requests;
    }
}

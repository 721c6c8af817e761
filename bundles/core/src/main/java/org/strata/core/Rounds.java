package org.strata.core;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a periodic round over the whole fleet took (the VM reconcile, the statistics): one line per round on
 * the logger {@code <owner>.rounds}, at DEBUG, or at WARN when the round outlasted its interval, which tells an
 * admin that the interval is too short for the fleet. bench/fleet.sh reads these lines.
 */
public final class Rounds {

    private final Logger log;
    private final String what;
    private final String setting;
    private final Duration interval;

    /**
     * @param what    the round, in words ("Reconcile round")
     * @param setting the configuration key of its interval
     */
    public Rounds(Class<?> owner, String what, String setting, Duration interval) {
        this.log = LoggerFactory.getLogger(owner.getName() + ".rounds");
        this.what = what;
        this.setting = setting;
        this.interval = interval;
    }

    /** Records a round that started at {@code startNanos} ({@link System#nanoTime}) over {@code covered}. */
    public void done(long startNanos, String covered) {
        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        if (!interval.isZero() && millis > interval.toMillis()) {
            log.warn(
                    "{} of {} took {} ms, longer than {} ({} s)", what, covered, millis, setting, interval.toSeconds());
        } else {
            log.debug("{} of {} took {} ms", what, covered, millis);
        }
    }
}

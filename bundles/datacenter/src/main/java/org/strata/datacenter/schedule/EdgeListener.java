package org.strata.datacenter.schedule;

/** Told by {@link EdgeClock} of each edge of each cluster's schedule, one cluster's edges in order. */
@FunctionalInterface
public interface EdgeListener {

    /** Called on the clock's executor; an exception is logged and does not stop the clock. */
    void onEdge(PolicyEdge edge);
}

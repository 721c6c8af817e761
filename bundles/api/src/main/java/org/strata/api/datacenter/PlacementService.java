package org.strata.api.datacenter;

/**
 * Placement: which host a VM goes to. Filters refuse hosts (capacity, pool reservation, quota, driver capability,
 * maintenance, unreachable, labels, affinity), weighers rank the rest (spread or pack, CPU and memory headroom from live
 * statistics). Filters and weighers are OSGi services ({@code org.strata.datacenter.spi}); a bundle may add one while
 * Strata runs.
 */
public interface PlacementService {

    /** What placement would decide now, and why, without deciding anything. */
    PlacementExplanation explain(PlacementQuery query);
}

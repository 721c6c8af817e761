package org.strata.datacenter.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A soft preference of placement among the hosts no filter refused. Each weigher gives every possible host a raw
 * figure where more is better for spreading VMs; placement scales each weigher's figures to 0..1 over the hosts (the
 * best 1, the worst 0), turns them round when the cluster's policy packs VMs, multiplies them by
 * {@link #multiplier()} and adds them up: the host with the highest sum is chosen. Register an implementation as an
 * OSGi service, as filters are.
 */
@ConsumerType
public interface PlacementWeigher {

    /** A short name that placement explanations show beside its figure ({@code cpu-headroom}). */
    String name();

    /** How much it counts against the others; the built-in weighers use 1.0. */
    default double multiplier() {
        return 1.0;
    }

    /** Its raw figure for {@code host}: more is better for spreading (more room left, say). */
    double weigh(Candidate host, PlacementRequest vm);
}

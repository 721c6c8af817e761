package org.strata.datacenter.balance;

/**
 * The caller's say on one proposed move: may this VM go to this host, given the moves planned so far? The datacenter
 * layer plugs its placement filters in here (allocation capacity, anti-affinity, labels, driver capability), so a
 * plan never holds a move that placement would refuse. The planners ask only about moves they would otherwise make,
 * best first, and treat a refusal as final for the rest of the round.
 *
 * <p>The planners keep measured load under their own high-water marks; allocation limits (vCPU over-commit, memory
 * reserved) are this check's business, with {@link PlannedState} giving the allocations after the moves so far.
 */
@FunctionalInterface
public interface MoveCheck {

    /**
     * Whether {@code vm} may be live-migrated to {@code target}.
     *
     * @param vm the VM, as in the snapshot
     * @param target the host, as in the snapshot (its load before this round: the planned load is in {@code planned})
     * @param planned the cluster with the moves already in this plan applied
     */
    boolean allows(VmSnapshot vm, HostSnapshot target, PlannedState planned);

    /** A check that allows every move (the planners still keep their own capacity limits). */
    static MoveCheck any() {
        return (vm, target, planned) -> true;
    }
}

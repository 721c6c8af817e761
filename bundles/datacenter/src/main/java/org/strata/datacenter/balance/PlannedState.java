package org.strata.datacenter.balance;

/**
 * The cluster as it will be once the moves planned so far in this round are carried out, for a {@link MoveCheck}
 * that needs more than the snapshot (an anti-affinity group whose other member was just planned onto the target;
 * the target's allocations after the moves already planned onto it). Valid only during the call it is given to.
 */
public interface PlannedState {

    /**
     * The host the VM will run on.
     *
     * @throws IllegalArgumentException when the snapshot has no such VM
     */
    String hostOf(String vmId);

    /** The host's measured CPU use in host CPUs after the planned moves (the moved VMs' measured use moved). */
    double cpuUsed(String hostId);

    /** The host's measured memory use after the planned moves. */
    double memoryUsedMib(String hostId);

    /** The vCPUs of the VMs that will run on the host. */
    long allocatedVcpus(String hostId);

    /** The configured memory of the VMs that will run on the host. */
    long allocatedMemoryMib(String hostId);

    /** How many moves are planned so far. */
    int plannedMoves();
}

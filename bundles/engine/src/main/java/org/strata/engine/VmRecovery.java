package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What HA asks of core to restart a failed host's VMs elsewhere, and to tidy the host when it returns. Provided by
 * core, which owns VM definitions; the datacenter layer decides when and where.
 */
@ProviderType
public interface VmRecovery {

    /**
     * Work that brings the VM up on {@code hostId} although its recorded host is gone: defines it there from its
     * recorded definition (its lease included, see {@link VmLeases}) unless it is defined there already, records that
     * it is there, and starts it unless it runs already, all without asking its old host, which is fenced or whose
     * leases make a second copy impossible. A start refused (its lease is held: the old copy still runs) undefines the
     * new definition and records the VM on {@code failedHostId} again; a start whose outcome {@code hostId} cannot tell
     * (its answer lost, the host unreachable) leaves the VM recorded on {@code hostId}, where it may run: callers go on
     * there, never elsewhere, until that host says otherwise. Run it on the {@link Lane#URGENT urgent} lane.
     *
     * @param failedHostId the host the VM ran on when that host failed
     */
    TaskWork restart(String vmId, String failedHostId, String hostId, String principal);

    /**
     * Undefines the VM's stale definition on {@code hostId}, the host it was restarted away from, now that the host
     * answers again. Does nothing when it is not defined there. Refuses (CONFLICT) when it runs there: then two copies
     * run, which HA's fencing and leases exist to prevent, and an operator must decide.
     */
    void removeStale(String hostId, String vmId);

    /** Records the VM, whose host was fenced (confirmed off), as stopped, with an event saying why. */
    void fencedOff(String vmId, String hostName);
}

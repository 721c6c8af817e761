package org.strata.api.ha;

import java.time.Instant;
import java.util.List;

/**
 * The recovery of one failed host: fencing (or the lease path), then the restart of its HA VMs. Kept in the repository
 * as it goes, so that Strata restarted in the middle resumes it.
 *
 * @param id        the failover
 * @param hostId    the failed host
 * @param clusterId its cluster
 * @param state     where it stands
 * @param fence     how the old copies are known to be gone: {@code bmc} (its BMC reads it off), {@code lease} (its
 *                  BMC does not answer; the hypervisors refuse a second start while a lease is held), or null yet
 * @param reason    why it began, in words
 * @param detected  when the host was first suspect
 * @param started   when the failover began (the host was declared failed)
 * @param ended     when it ended, or null
 * @param vms       its HA VMs, by priority
 */
public record Failover(
        String id,
        String hostId,
        String clusterId,
        FailoverState state,
        String fence,
        String reason,
        Instant detected,
        Instant started,
        Instant ended,
        List<FailoverVm> vms) {

    public Failover {
        vms = vms == null ? List.of() : List.copyOf(vms);
    }
}

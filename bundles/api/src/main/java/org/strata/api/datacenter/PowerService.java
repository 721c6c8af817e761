package org.strata.api.datacenter;

import org.osgi.annotation.versioning.ProviderType;
import org.strata.api.task.Task;

/**
 * Power management of clusters (since 1.1), DPM-like: under the {@code power-saving} policy a cluster consolidates its
 * VMs onto fewer hosts and powers the emptied hosts off through their BMCs (the host's {@code bmcHostId}); they are
 * in <em>standby</em> until demand rises, a VM needs them, or the policy changes, when they are powered on again and
 * used once their hypervisor answers.
 */
@ProviderType
public interface PowerService {

    /** A round computed now, nothing done; NOT_FOUND for an unknown cluster. */
    PowerReport power(String clusterId);

    /**
     * Carries a round out now: a task ({@code cluster.power}) that empties the hosts to power off one VM at a time,
     * powers each off through its BMC and reads its power state back until it is off, or powers hosts in standby on
     * and waits until their hypervisor answers.
     */
    Task applyPower(String clusterId, String principal);

    /**
     * Powers a host in standby on now and takes it out of standby once its hypervisor answers (a task,
     * {@code host.standby.exit}); CONFLICT when the host is not in standby.
     */
    Task exitStandby(String hostId, String principal);
}

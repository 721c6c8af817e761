package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Brings a host out of power management's standby before core uses it (since 1.2): registered as an OSGi service by
 * the datacenter layer, called by core's VM create and start tasks with the host they are about to use. A host in
 * standby was emptied and powered off through its BMC; it is powered on again, and this returns once its hypervisor
 * answers.
 */
@ConsumerType
public interface HostStandby {

    /**
     * Returns at once when the host is not in standby. Otherwise powers it on through its BMC, waits until the BMC
     * reads it on and its hypervisor answers (reporting progress on {@code context}), takes it out of standby and
     * returns. A {@link org.strata.api.StrataException} when it cannot (UNREACHABLE: the host did not come back
     * within the deadline; CONFLICT: it has no BMC to power it on with).
     *
     * @param context the calling task's context: its progress shows the wait, its cancellation ends it
     */
    void awaken(String hostId, TaskContext context) throws InterruptedException;
}

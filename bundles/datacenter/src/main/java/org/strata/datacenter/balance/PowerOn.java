package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * A powered-off host to power on. Use it only once its hypervisor answers.
 *
 * @param hostId the host
 * @param cpuCapacity the CPUs it brings
 * @param memoryMib the memory it brings
 * @param reason why this host, in words
 */
public record PowerOn(String hostId, double cpuCapacity, long memoryMib, String reason) {

    public PowerOn {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(reason, "reason");
    }
}

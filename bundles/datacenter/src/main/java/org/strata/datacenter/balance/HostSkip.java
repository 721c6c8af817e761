package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * A host power management would have emptied but leaves on, and why (e.g. a VM that cannot move).
 *
 * @param hostId the host
 * @param reason why it stays on, in words
 */
public record HostSkip(String hostId, String reason) {

    public HostSkip {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(reason, "reason");
    }
}

package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * One live migration that empties a host for power-off.
 *
 * @param vmId the VM
 * @param fromHostId the host being emptied
 * @param toHostId where it goes
 * @param reason the target's load before and after, in words
 */
public record Move(String vmId, String fromHostId, String toHostId, String reason) {

    public Move {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(fromHostId, "fromHostId");
        Objects.requireNonNull(toHostId, "toHostId");
        Objects.requireNonNull(reason, "reason");
    }
}

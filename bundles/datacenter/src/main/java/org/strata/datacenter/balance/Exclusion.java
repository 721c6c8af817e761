package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * A VM a plan would have moved but cannot, and why: it is left out and the rest of the plan goes on without it.
 *
 * @param vmId the VM
 * @param hostId the host it stays on
 * @param pin what ties it there
 * @param reason the whole story in words, e.g. "h1 is at CPU 95 %, memory 40 %; gpu-vm stays: PCI pass-through
 *     device 0000:3b:00.0"
 */
public record Exclusion(String vmId, String hostId, Pin pin, String reason) {

    public Exclusion {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(reason, "reason");
    }
}

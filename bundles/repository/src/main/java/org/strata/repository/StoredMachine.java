package org.strata.repository;

import java.time.Instant;

/**
 * A bare-metal machine: the host that stands for it (its driver a hardware driver, its address the BMC's
 * "host:port") and what its BMC last said of it, when.
 */
public record StoredMachine(String hostId, MachineIdentity identity, Instant lastSeen) {

    public String guid() {
        return identity.guid();
    }
}

package org.strata.datacenter.balance;

import java.util.List;
import java.util.Objects;

/**
 * A host to empty and power off: carry out its moves (in order), then power it off once it runs no VM.
 *
 * @param hostId the host
 * @param moves the live migrations that empty it; empty when it runs no VM
 * @param reason why this host, in words
 */
public record PowerOff(String hostId, List<Move> moves, String reason) {

    public PowerOff {
        Objects.requireNonNull(hostId, "hostId");
        moves = List.copyOf(moves);
        Objects.requireNonNull(reason, "reason");
    }
}

package org.strata.api.ha;

import java.time.Instant;

/**
 * A host's HA state and the signals it was decided from.
 *
 * @param hostId    the host
 * @param name      its name
 * @param clusterId its cluster
 * @param state     its state
 * @param reason    why, in words
 * @param since     when it entered the state
 * @param session   whether its hypervisor session answers
 * @param leases    its running HA VMs' leases: {@code held} (by some host), {@code free}, or {@code none} (no lease to
 *                  read: no lease directory, or no HA VM running there)
 * @param power     its chassis power as its BMC last read it: {@code on}, {@code off}, {@code unanswered}, or
 *                  {@code none} (no BMC), {@code unread} (not read since it was up)
 */
public record HostHa(
        String hostId,
        String name,
        String clusterId,
        HostHaState state,
        String reason,
        Instant since,
        boolean session,
        String leases,
        String power) {}

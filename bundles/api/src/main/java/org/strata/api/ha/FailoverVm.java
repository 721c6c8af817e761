package org.strata.api.ha;

import java.time.Instant;

/**
 * One HA VM of a failover.
 *
 * @param vmId     the VM
 * @param name     its name
 * @param priority its restart priority when the failover began
 * @param state    {@code PENDING}, {@code RESTARTING}, {@code RUNNING} (running elsewhere), {@code UNPLACED} (no host
 *                 could take it: retried when capacity returns), {@code FAILED} (its start failed: retried too),
 *                 {@code SKIPPED} (not restarted: a lease held or no safe way, see message)
 * @param hostId   where it was restarted, or null
 * @param message  what happened, in words
 * @param taskId   the restart's task, or null before it
 * @param running  when it was running again, or null
 */
public record FailoverVm(
        String vmId,
        String name,
        HaPriority priority,
        String state,
        String hostId,
        String message,
        String taskId,
        Instant running) {}

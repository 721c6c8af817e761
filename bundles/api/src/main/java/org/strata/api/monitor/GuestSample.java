package org.strata.api.monitor;

import java.time.Instant;
import java.util.List;

/**
 * What the guest sampler last learned of a VM's guest through its agent (since 2.1), as {@link GuestMonitoring}
 * keeps it in memory: a VM whose agent does not answer is a state ({@code agentRunning} false and the reason), not an
 * error.
 *
 * <p>When an agent that answered stops answering, what it said last (OS, host name, addresses, file systems) is kept
 * and {@code answeredAt} tells how old it is; {@code silentRounds} counts the rounds since.
 *
 * @param vmId         the VM
 * @param at           when the VM was last sampled; null when it has not been (it does not run, its host's driver
 *                     cannot ask agents, or sampling is off)
 * @param agentRunning whether the agent answered at {@code at}
 * @param reason       why it did not, in the hypervisor's words; null when it did
 * @param answeredAt   when the agent last answered; null when it never did since the VM was first sampled
 * @param silentRounds rounds in a row the agent has not answered, 0 when it answered last
 * @param os           the OS as the agent names it for people ("Debian GNU/Linux 12 (bookworm)"), or null
 * @param kernel       the kernel's release, or null
 * @param hostname     the guest's host name, or null
 * @param addresses    the guest's IP addresses, IPv4 and IPv6, loopback ones left out, in the agent's order
 * @param fileSystems  the guest's file systems with their use now and their recent use, in the agent's order
 */
public record GuestSample(
        String vmId,
        Instant at,
        boolean agentRunning,
        String reason,
        Instant answeredAt,
        int silentRounds,
        String os,
        String kernel,
        String hostname,
        List<String> addresses,
        List<GuestFileSystem> fileSystems) {

    public GuestSample {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        fileSystems = fileSystems == null ? List.of() : List.copyOf(fileSystems);
    }

    /** A VM not sampled (yet), for that reason. */
    public static GuestSample none(String vmId, String reason) {
        return new GuestSample(vmId, null, false, reason, null, 0, null, null, null, List.of(), List.of());
    }

    /**
     * A mounted file system of the guest.
     *
     * @param mountpoint  where it is mounted ("/", "/var", "C:\\")
     * @param type        its type ("ext4")
     * @param totalBytes  its size, or -1 when the agent does not say
     * @param usedBytes   the bytes used, or -1 when the agent does not say
     * @param usedPercent the share used, 0 to 100, or -1 when unknown
     * @param full        whether it is over the full threshold now (an event said so, none has cleared it yet)
     * @param recent      its use at the last rounds, oldest first (a short ring: {@code guest.filesystem.samples})
     */
    public record GuestFileSystem(
            String mountpoint,
            String type,
            long totalBytes,
            long usedBytes,
            double usedPercent,
            boolean full,
            List<Use> recent) {

        public GuestFileSystem {
            recent = recent == null ? List.of() : List.copyOf(recent);
        }
    }

    /**
     * One round's use of a file system.
     *
     * @param at          when it was read
     * @param usedPercent the share used, 0 to 100
     */
    public record Use(Instant at, double usedPercent) {}
}

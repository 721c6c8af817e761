package org.strata.api.vm;

import java.time.Instant;
import java.util.List;

/**
 * What a running VM's guest agent reports now (since 2.4), asked of its hypervisor when read: its OS, host name and
 * network interfaces with their IP addresses (the loopback one too); since 2.5 also its time zone, the users logged in
 * and its file systems with their size and use. A guest whose agent does not answer (not installed, not started yet,
 * not configured in the VM's definition) is not an error: {@code agentRunning} is false and {@code reason} says why,
 * in the hypervisor's words. An agent too old for a part leaves it empty.
 *
 * @param agentRunning whether the guest agent answered
 * @param reason       why it did not; null when it did
 * @param os           the OS the agent reports, or null when it reports none
 * @param hostname     the guest's host name, or null
 * @param interfaces   the guest's network interfaces, in the agent's order; empty when it reports none
 * @param timezone     the guest's time zone (since 2.5), or null when the agent reports none
 * @param users        the users logged in to the guest now (since 2.5); empty when none are or the agent cannot say
 * @param fileSystems  the guest's mounted file systems with size and use (since 2.5), in the agent's order; empty
 *                     when it reports none
 */
public record VmGuest(
        boolean agentRunning,
        String reason,
        GuestOs os,
        String hostname,
        List<GuestInterface> interfaces,
        GuestTimezone timezone,
        List<GuestUser> users,
        List<GuestFileSystem> fileSystems) {

    public VmGuest {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        users = users == null ? List.of() : List.copyOf(users);
        fileSystems = fileSystems == null ? List.of() : List.copyOf(fileSystems);
    }

    /** The 2.4 report: OS, host name and interfaces only. */
    public VmGuest(boolean agentRunning, String reason, GuestOs os, String hostname, List<GuestInterface> interfaces) {
        this(agentRunning, reason, os, hostname, interfaces, null, List.of(), List.of());
    }

    /**
     * The guest's time zone.
     *
     * @param name          its name or abbreviation as the guest gives it ("UTC", "CET"), or null
     * @param offsetSeconds its offset from UTC now, in seconds (east positive)
     */
    public record GuestTimezone(String name, int offsetSeconds) {}

    /**
     * A user logged in to the guest.
     *
     * @param name      the user's name
     * @param domain    the user's domain (Windows), or null
     * @param loginTime when the user's first open session began, or null when the agent does not say
     */
    public record GuestUser(String name, String domain, Instant loginTime) {}

    /**
     * A mounted file system of the guest.
     *
     * @param mountpoint  where it is mounted ("/", "/boot", "C:\\")
     * @param type        its type ("ext4", "xfs", "NTFS")
     * @param totalBytes  its size in bytes as its users see it (without blocks reserved for root), or -1 when unknown
     * @param usedBytes   the bytes used, or -1 when unknown
     * @param usedPercent the share used, 0 to 100, rounded to one decimal; -1 when the size or the use is unknown
     */
    public record GuestFileSystem(
            String mountpoint, String type, long totalBytes, long usedBytes, double usedPercent) {}

    /**
     * The guest's OS as its agent reports it (QEMU's {@code guest-get-osinfo}); a field the agent leaves out is null.
     *
     * @param id         a lower-case word for the OS ("debian", "rhel", "mswindows")
     * @param name       its name ("Debian GNU/Linux")
     * @param prettyName its name and version for people ("Debian GNU/Linux 12 (bookworm)")
     * @param version    its version ("12 (bookworm)")
     * @param versionId  its version as a number ("12", "9.4", Windows Server "2022"), as an OS family driver's
     *                   guest recognition reads it
     * @param kernel     the kernel's release ("6.1.0-28-amd64"; Windows: its build, "20348")
     * @param machine    the guest's architecture ("x86_64")
     */
    public record GuestOs(
            String id,
            String name,
            String prettyName,
            String version,
            String versionId,
            String kernel,
            String machine) {}

    /**
     * One network interface of the guest.
     *
     * @param name      the guest's name for it ("ens3", "lo")
     * @param mac       its MAC address, or null
     * @param addresses its IP addresses, IPv4 and IPv6
     */
    public record GuestInterface(String name, String mac, List<GuestAddress> addresses) {
        public GuestInterface {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    /**
     * One IP address.
     *
     * @param address the address ("192.168.122.15", "fe80::5054:ff:fe12:3456")
     * @param prefix  its prefix length (24, 64)
     */
    public record GuestAddress(String address, int prefix) {}
}

package org.strata.api.vm;

import java.util.List;

/**
 * What a running VM's guest agent reports now (since 2.4), asked of its hypervisor when read: its OS, host name and
 * network interfaces with their IP addresses (the loopback one too). A guest whose agent does not answer (not
 * installed, not started yet, not configured in the VM's definition) is not an error: {@code agentRunning} is false and
 * {@code reason} says why, in the hypervisor's words.
 *
 * @param agentRunning whether the guest agent answered
 * @param reason       why it did not; null when it did
 * @param os           the OS the agent reports, or null when it reports none
 * @param hostname     the guest's host name, or null
 * @param interfaces   the guest's network interfaces, in the agent's order; empty when it reports none
 */
public record VmGuest(
        boolean agentRunning, String reason, GuestOs os, String hostname, List<GuestInterface> interfaces) {

    public VmGuest {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

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

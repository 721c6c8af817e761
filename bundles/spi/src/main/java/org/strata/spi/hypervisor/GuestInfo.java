package org.strata.spi.hypervisor;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a VM's guest agent says about the guest it runs in (since 2.3): its OS, its host name and its network
 * interfaces with their addresses, as {@link HypervisorSession#guestInfo} reads them from the hypervisor now.
 *
 * <p>A guest without an agent is the common case, not a failure: an agent that is not installed, not started yet
 * (the guest is still booting), or not configured in the VM's definition, and a VM that does not run, all give
 * {@link #noAgent} with the reason the hypervisor gave, so that callers show it plainly.
 *
 * @param agentAnswered whether a guest agent answered
 * @param reason        why none answered, in words ("QEMU guest agent is not connected"); null when one answered
 * @param os            the agent's report of the guest's OS, keyed as QEMU's {@code guest-get-osinfo} answers:
 *                      {@link #OS_KEYS}; only the keys the agent gave, with non-blank values (an older agent
 *                      without that command gives none); other keys are left out
 * @param hostname      the guest's host name as the agent reports it, or null
 * @param interfaces    the guest's network interfaces as the agent reports them (the loopback one too), in its
 *                      order; empty when it reports none
 * @param timezone      the guest's time zone (since 2.4), or null when the agent reports none
 * @param users         the users logged in to the guest now (since 2.4), in the agent's order; empty when none are or
 *                      the agent cannot say
 * @param fileSystems   the guest's mounted file systems with their size and use (since 2.4), in the agent's order;
 *                      empty when the agent reports none
 */
public record GuestInfo(
        boolean agentAnswered,
        String reason,
        Map<String, String> os,
        String hostname,
        List<Interface> interfaces,
        Timezone timezone,
        List<User> users,
        List<FileSystem> fileSystems) {

    /** The keys of {@link #os}: those of QEMU's {@code guest-get-osinfo}, which other hypervisors' drivers map to. */
    public static final List<String> OS_KEYS = List.of(
            "id", "name", "pretty-name", "version", "version-id", "kernel-release", "kernel-version", "machine");

    public GuestInfo {
        if (agentAnswered) {
            reason = null;
        } else if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a guest without an answering agent needs the reason");
        }
        Map<String, String> known = new LinkedHashMap<>();
        if (os != null) {
            for (String key : OS_KEYS) {
                String value = os.get(key);
                if (value != null && !value.isBlank()) {
                    known.put(key, value);
                }
            }
        }
        os = Collections.unmodifiableMap(known);
        hostname = hostname == null || hostname.isBlank() ? null : hostname;
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        users = users == null ? List.of() : List.copyOf(users);
        fileSystems = fileSystems == null ? List.of() : List.copyOf(fileSystems);
    }

    /** The 2.3 report: OS, host name and interfaces only. */
    public GuestInfo(
            boolean agentAnswered, String reason, Map<String, String> os, String hostname, List<Interface> interfaces) {
        this(agentAnswered, reason, os, hostname, interfaces, null, List.of(), List.of());
    }

    /** No agent answered, for that reason (a VM that does not run, an agent not connected or not configured). */
    public static GuestInfo noAgent(String reason) {
        return new GuestInfo(false, reason, Map.of(), null, List.of());
    }

    /**
     * The guest's time zone (QEMU's {@code guest-get-timezone}).
     *
     * @param name          its name or abbreviation as the guest gives it ("UTC", "CET"), or null
     * @param offsetSeconds its offset from UTC now, in seconds (east positive)
     */
    public record Timezone(String name, int offsetSeconds) {
        public Timezone {
            name = name == null || name.isBlank() ? null : name;
        }
    }

    /**
     * A user logged in to the guest (QEMU's {@code guest-get-users}).
     *
     * @param name      the user's name
     * @param domain    the user's domain (Windows), or null
     * @param loginTime when the user's first session of those open began, or null when the agent does not say
     */
    public record User(String name, String domain, Instant loginTime) {
        public User {
            Objects.requireNonNull(name, "name");
            domain = domain == null || domain.isBlank() ? null : domain;
        }
    }

    /**
     * A mounted file system of the guest (QEMU's {@code guest-get-fsinfo}).
     *
     * @param mountpoint where it is mounted ("/", "/var", "C:\\")
     * @param type       its type ("ext4", "xfs", "NTFS")
     * @param totalBytes its size in bytes as its users see it, or -1 when the agent does not say
     * @param usedBytes  the bytes used, or -1 when the agent does not say
     */
    public record FileSystem(String mountpoint, String type, long totalBytes, long usedBytes) {
        public FileSystem {
            Objects.requireNonNull(mountpoint, "mountpoint");
            type = type == null ? "" : type;
            if (totalBytes < -1 || usedBytes < -1) {
                throw new IllegalArgumentException("sizes are bytes, or -1 when unknown");
            }
        }

        /** The share used, 0 to 100, or -1 when the size or the use is unknown (or the size is 0). */
        public double usedPercent() {
            return totalBytes <= 0 || usedBytes < 0 ? -1 : 100.0 * usedBytes / totalBytes;
        }
    }

    /**
     * One network interface of the guest.
     *
     * @param name      the guest's own name for it ("eth0", "ens3", "Ethernet")
     * @param mac       its hardware address, lower case with colons, or null when the agent gives none
     * @param addresses its IP addresses, IPv4 and IPv6, in the agent's order
     */
    public record Interface(String name, String mac, List<Address> addresses) {
        public Interface {
            Objects.requireNonNull(name, "name");
            mac = mac == null || mac.isBlank() ? null : mac.toLowerCase(Locale.ROOT);
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    /**
     * One IP address of an interface.
     *
     * @param address the address as text ("192.168.122.3", "fe80::5054:ff:fe12:3456")
     * @param prefix  its prefix length (24, 64)
     */
    public record Address(String address, int prefix) {
        public Address {
            Objects.requireNonNull(address, "address");
            if (prefix < 0 || prefix > 128) {
                throw new IllegalArgumentException("a prefix length is 0 to 128: " + prefix);
            }
        }

        /** Whether it is an IPv6 address (its text has a colon). */
        public boolean ipv6() {
            return address.indexOf(':') >= 0;
        }
    }
}

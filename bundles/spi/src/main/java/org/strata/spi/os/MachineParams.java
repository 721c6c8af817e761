package org.strata.spi.os;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The machine an OS is provisioned on, as the answer file or the personalization must describe it. Checked here, once
 * for every driver: what reaches a driver is a valid host name, user names and keys on one line, MAC addresses in
 * lower case; a driver still quotes what it writes in its file's own syntax.
 *
 * @param hostname    the machine's host name, an RFC 1123 label (lower case)
 * @param domain      its DNS domain, or null
 * @param nics        its network interfaces, the first the one it boots and installs from; at least one
 * @param users       the accounts to create, the first with administrator rights (sudo, Administrators)
 * @param timezone    an IANA zone, e.g. {@code Europe/Paris}; {@code UTC} when null
 * @param locale      e.g. {@code en_US.UTF-8}; {@code en_US.UTF-8} when null
 * @param packages    extra packages to install, names only
 * @param mirror      the package mirror or install source URL the installer uses (a Debian mirror, a RHEL tree's
 *                    {@code BaseOS}), or null for the family's default
 * @param callbackUrl the URL the installer and the booted OS call to report progress ({@code ?step=...}); it carries
 *                    the provisioning's token, so it is a secret of sorts: drivers write it into files, never logs
 * @param extra       family-specific settings a profile documents (e.g. a Windows product key), never required
 */
public record MachineParams(
        String hostname,
        String domain,
        List<Nic> nics,
        List<OsUser> users,
        String timezone,
        String locale,
        List<String> packages,
        String mirror,
        String callbackUrl,
        Map<String, String> extra) {

    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+){0,2}");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?(\\.[A-Za-z0-9-]+)?");
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]{0,127}");
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'`\\\\<>]+");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public MachineParams {
        Objects.requireNonNull(hostname, "hostname");
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException(
                    "host name must be a lower-case RFC 1123 label (letters, digits, '-'; 63 at most): " + hostname);
        }
        if (domain != null && (!DOMAIN.matcher(domain).matches() || domain.length() > 253)) {
            throw new IllegalArgumentException("not a DNS domain: " + domain);
        }
        nics = List.copyOf(nics);
        if (nics.isEmpty()) {
            throw new IllegalArgumentException("a machine needs at least one network interface");
        }
        users = List.copyOf(users);
        timezone = timezone == null ? "UTC" : timezone;
        if (!ZONE.matcher(timezone).matches()) {
            throw new IllegalArgumentException("not a time zone: " + timezone);
        }
        locale = locale == null ? "en_US.UTF-8" : locale;
        if (!LOCALE.matcher(locale).matches()) {
            throw new IllegalArgumentException("not a locale: " + locale);
        }
        packages = List.copyOf(packages);
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("not a package name: " + p);
            }
        }
        if (mirror != null && !URL.matcher(mirror).matches()) {
            throw new IllegalArgumentException("the mirror must be an http(s) URL without spaces or quotes: " + mirror);
        }
        Objects.requireNonNull(callbackUrl, "callbackUrl");
        if (!URL.matcher(callbackUrl).matches()) {
            throw new IllegalArgumentException("the callback must be an http(s) URL without spaces or quotes");
        }
        extra = Map.copyOf(extra);
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (!KEY.matcher(e.getKey()).matches()
                    || e.getValue().contains("\n")
                    || e.getValue().contains("\r")) {
                throw new IllegalArgumentException(
                        "extra settings are one-line values under simple keys: " + e.getKey());
            }
        }
    }

    /** The fully qualified name, or the host name alone without a domain. */
    public String fqdn() {
        return domain == null ? hostname : hostname + "." + domain;
    }

    /** The administrator (the first user), or null when no user is to be created. */
    public OsUser admin() {
        return users.isEmpty() ? null : users.get(0);
    }

    /** The callback URL for one step: {@code installing}, {@code installed}, {@code booted}. */
    public String callback(String step) {
        return callbackUrl + (callbackUrl.contains("?") ? "&" : "?") + "step=" + step;
    }

    /**
     * A network interface.
     *
     * @param mac     its MAC address, lower case with colons
     * @param address its IPv4 address with prefix ({@code 192.0.2.10/24}), or null for DHCP
     * @param gateway its default gateway, or null
     * @param dns     its name servers
     */
    public record Nic(String mac, String address, String gateway, List<String> dns) {

        private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
        private static final Pattern CIDR = Pattern.compile(
                "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/([0-9]|[12]\\d|3[0-2])");
        private static final Pattern IP =
                Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

        public Nic {
            Objects.requireNonNull(mac, "mac");
            mac = mac.toLowerCase(java.util.Locale.ROOT);
            if (!MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException("not a MAC address: " + mac);
            }
            if (address != null && !CIDR.matcher(address).matches()) {
                throw new IllegalArgumentException("an address is IPv4 with its prefix (192.0.2.10/24): " + address);
            }
            if (gateway != null && !IP.matcher(gateway).matches()) {
                throw new IllegalArgumentException("not an IPv4 gateway: " + gateway);
            }
            dns = dns == null ? List.of() : List.copyOf(dns);
            for (String d : dns) {
                if (!IP.matcher(d).matches()) {
                    throw new IllegalArgumentException("not an IPv4 name server: " + d);
                }
            }
        }

        /** A DHCP interface. */
        public static Nic dhcp(String mac) {
            return new Nic(mac, null, null, List.of());
        }

        public boolean dhcp() {
            return address == null;
        }
    }

    /**
     * An account to create.
     *
     * @param name         a POSIX user name ({@code [a-z_][a-z0-9_-]*}, 32 at most)
     * @param passwordHash a crypt(3) SHA-512 hash ({@code $6$...}) or null for no password (key login only)
     * @param sshKeys      its authorized SSH public keys, one line each
     */
    public record OsUser(String name, String passwordHash, List<String> sshKeys) {

        private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
        private static final Pattern HASH = Pattern.compile("\\$6\\$[A-Za-z0-9./]{1,16}\\$[A-Za-z0-9./]{86}");
        private static final Pattern SSH_KEY = Pattern.compile(
                "(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com) [A-Za-z0-9+/=]{16,}( [^\\n\\r\"'`\\\\$]{0,200})?");

        public OsUser {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a user name: " + name);
            }
            if (passwordHash != null && !HASH.matcher(passwordHash).matches()) {
                throw new IllegalArgumentException("a password is given as a SHA-512 crypt hash ($6$salt$hash)");
            }
            sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
            for (String k : sshKeys) {
                if (!SSH_KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("not an SSH public key line (type, key, optional comment)");
                }
            }
        }
    }
}

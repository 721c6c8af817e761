package org.strata.driver.iscsi;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A storage host of this driver: {@code iscsi://PORTAL_HOST[:PORT]/?control=N&dir=PATH&pool=IQN&initiators=...}.
 *
 * <ul>
 *   <li>host and port: the iSCSI portal initiators log in to (port 3260 by default); it goes into every volume's
 *       path and must be one tgtd listens on.
 *   <li>{@code control}: tgtd's control port ({@code tgtadm -C}), which tells one tgtd of this machine from another;
 *       absent, tgtadm's default (the system's tgtd).
 *   <li>{@code dir}: where the LUNs' backing files are kept, one folder per pool ({@value #DEFAULT_DIR} by default).
 *   <li>{@code pool} (repeatable): a target, by IQN, that this storage host offers; the driver creates it when tgtd
 *       does not have it. Absent, every target of the tgtd is a pool and none is created.
 *   <li>{@code initiators}: who may log in to the address's pools, comma-separated initiator addresses or
 *       {@code ALL}. A target the driver creates is open to them ({@code ALL} when none are given, as tgt-admin's
 *       default); an existing pool gets those it lacks bound when a session opens (none is unbound: taking an
 *       initiator's access away under its VMs is an operator's decision).
 *   <li>{@code chap}: a CHAP user initiators must log in as; its password is the endpoint's secret. The driver makes
 *       the tgt account and binds it to the address's pools, and volume paths name the user
 *       ({@code iscsi://USER@PORTAL/IQN/LUN}, never the password).
 * </ul>
 *
 * @param control    null for tgtadm's default control port
 * @param initiators as given; empty when the address names none
 * @param chap       the CHAP user, or null for none
 */
record IscsiAddress(
        String portalHost,
        int portalPort,
        Integer control,
        Path dir,
        List<String> pools,
        List<String> initiators,
        String chap) {

    static final String DEFAULT_DIR = "/var/lib/strata-iscsi";
    static final int DEFAULT_PORT = 3260;
    /** tgtd refuses a larger control port ("out of range"). */
    static final int MAX_CONTROL = 32767;

    private static final Pattern INITIATOR = Pattern.compile("ALL|[0-9A-Fa-f.:/\\[\\]]{2,64}");
    /**
     * A CHAP user name: safe in tgtadm's arguments and output, in a URL's user part and in libvirt's XML. RFC 3720
     * allows more; this is what Strata writes into paths.
     */
    private static final Pattern CHAP_USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final String FORM = "iscsi://PORTAL[:PORT]/?control=N&dir=/path&pool=IQN";

    IscsiAddress {
        pools = List.copyOf(pools);
        initiators = List.copyOf(initiators);
    }

    /** What this driver takes as an address; anything else is refused before tgtadm runs. */
    static IscsiAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw Names.invalid("an iSCSI storage host needs an address: " + FORM);
        }
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw Names.invalid("'" + Names.printable(address) + "' is not an address of the form " + FORM);
        }
        if (!"iscsi".equalsIgnoreCase(uri.getScheme())) {
            throw Names.invalid("'" + Names.printable(address) + "' is not an iscsi:// address; use " + FORM);
        }
        if (uri.getUserInfo() != null) {
            throw Names.invalid("an iscsi:// address carries no user or password; give them as the host's credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw Names.invalid("'" + Names.printable(address) + "' names no portal host; use " + FORM);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw Names.invalid("an iscsi:// storage host's address has no path (pools are given as pool=IQN): "
                    + Names.printable(address));
        }
        Integer control = null;
        Path dir = Path.of(DEFAULT_DIR);
        Set<String> pools = new LinkedHashSet<>();
        List<String> initiators = new ArrayList<>();
        String chap = null;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String key = decode(eq < 0 ? part : part.substring(0, eq));
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                switch (key) {
                    case "control" -> control = control(value);
                    case "dir" -> dir = dir(value);
                    case "pool" -> pools.add(Names.pool(value));
                    case "initiators" -> initiators.addAll(initiators(value));
                    case "chap" -> chap = chap(value);
                    default ->
                        throw Names.invalid("unknown parameter '" + Names.printable(key)
                                + "' in an iscsi:// address; known: control, dir, pool, initiators, chap");
                }
            }
        }
        return new IscsiAddress(host, port, control, dir, new ArrayList<>(pools), initiators, chap);
    }

    /** The address a volume's path starts with, as QEMU's iSCSI URLs write it. */
    String portal() {
        String host = portalHost.contains(":") && !portalHost.startsWith("[") ? "[" + portalHost + "]" : portalHost;
        return host + ":" + portalPort;
    }

    /** For messages: which tgtd this is. */
    String shown() {
        return "iscsi://" + portal() + (control == null ? "" : " (tgtd control port " + control + ")");
    }

    private static Integer control(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= MAX_CONTROL) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Names.invalid("control must be tgtd's control port, a number from 0 to " + MAX_CONTROL + ", not '"
                + Names.printable(value) + "'");
    }

    private static String chap(String value) {
        if (!CHAP_USER.matcher(value).matches()) {
            throw Names.invalid(
                    "chap must be a CHAP user name, 1 to 64 letters, digits, '.', '_' or '-' starting with a"
                            + " letter or digit, not '" + Names.printable(value) + "'");
        }
        return value;
    }

    private static Path dir(String value) {
        if (value.isEmpty()
                || !value.startsWith("/")
                || value.contains("..")
                || value.chars().anyMatch(c -> c < 0x20)) {
            throw Names.invalid("dir must be an absolute path without '..', not '" + Names.printable(value) + "'");
        }
        return Path.of(value).normalize();
    }

    private static List<String> initiators(String value) {
        List<String> list = new ArrayList<>();
        for (String one : value.split(",")) {
            String a = one.strip();
            if (!INITIATOR.matcher(a).matches()) {
                throw Names.invalid(
                        "initiators must be initiator addresses (IPv4, IPv6, optionally /prefix) or ALL, not '"
                                + Names.printable(a) + "'");
            }
            list.add(a);
        }
        return list;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Names.invalid("malformed %-escape in an iscsi:// address: '" + Names.printable(text) + "'");
        }
    }
}

package org.strata.driver.os.rhel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.spi.os.MachineParams;

/**
 * cloud-init's NoCloud files (copied from the Debian driver: drivers are independent bundles; only the admin's group,
 * wheel, differs). Every scalar taken from the machine is written as a YAML double-quoted string, so that
 * no value (a key comment, a URL with {@code &} or {@code #}) can change the document's structure.
 */
final class NoCloud {

    private NoCloud() {}

    static Map<String, String> render(MachineParams m) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("user-data", userData(m));
        files.put("meta-data", metaData(m));
        files.put("network-config", networkConfig(m));
        return files;
    }

    static String userData(MachineParams m) {
        StringBuilder y = new StringBuilder(2048);
        y.append("#cloud-config\n");
        y.append("hostname: ").append(q(m.hostname())).append('\n');
        y.append("fqdn: ").append(q(m.fqdn())).append('\n');
        y.append("prefer_fqdn_over_hostname: false\n");
        y.append("manage_etc_hosts: true\n");
        y.append("timezone: ").append(q(m.timezone())).append('\n');
        y.append("locale: ").append(q(m.locale())).append('\n');
        y.append("disable_root: true\n");
        y.append("ssh_pwauth: false\n");
        if (!m.users().isEmpty()) {
            y.append("users:\n");
            boolean first = true;
            for (MachineParams.OsUser u : m.users()) {
                y.append("  - name: ").append(q(u.name())).append('\n');
                y.append("    shell: /bin/bash\n");
                if (first) {
                    y.append("    groups: [wheel]\n");
                    y.append("    sudo: ").append(q("ALL=(ALL) NOPASSWD:ALL")).append('\n');
                }
                if (u.passwordHash() == null) {
                    y.append("    lock_passwd: true\n");
                } else {
                    y.append("    lock_passwd: false\n");
                    y.append("    hashed_passwd: ").append(q(u.passwordHash())).append('\n');
                }
                if (!u.sshKeys().isEmpty()) {
                    y.append("    ssh_authorized_keys:\n");
                    for (String k : u.sshKeys()) {
                        y.append("      - ").append(q(k)).append('\n');
                    }
                }
                first = false;
            }
        }
        Set<String> packages = new LinkedHashSet<>(List.of("qemu-guest-agent", "curl"));
        packages.addAll(m.packages());
        y.append("packages:\n");
        for (String p : packages) {
            y.append("  - ").append(q(p)).append('\n');
        }
        // runcmd runs last (cloud-init's final stage), once users, keys and packages are in place. curl may be
        // missing from an image without a reachable mirror: wget, then Python (cloud-init's own) stand in.
        String url = m.callback("booted");
        y.append("runcmd:\n");
        y.append("  - [sh, -c, ")
                .append(q("curl -fsS --retry 10 --retry-connrefused -o /dev/null '" + url
                        + "' || wget -q -O /dev/null '"
                        + url + "' || python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1])' '"
                        + url + "'"))
                .append("]\n");
        return y.toString();
    }

    static String metaData(MachineParams m) {
        return "instance-id: " + q(instanceId(m)) + "\nlocal-hostname: " + q(m.hostname()) + "\n";
    }

    /** The same machine (host name and MACs) always has the same id; another machine another. */
    static String instanceId(MachineParams m) {
        StringBuilder key = new StringBuilder(m.fqdn());
        for (MachineParams.Nic n : m.nics()) {
            key.append('|').append(n.mac());
        }
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "strata-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    static String networkConfig(MachineParams m) {
        StringBuilder y = new StringBuilder(512);
        y.append("version: 2\n");
        y.append("ethernets:\n");
        int i = 0;
        for (MachineParams.Nic n : m.nics()) {
            y.append("  nic").append(i++).append(":\n");
            y.append("    match:\n");
            y.append("      macaddress: ").append(q(n.mac())).append('\n');
            if (n.dhcp()) {
                y.append("    dhcp4: true\n");
            } else {
                y.append("    dhcp4: false\n");
                y.append("    addresses: [").append(q(n.address())).append("]\n");
                if (n.gateway() != null) {
                    y.append("    routes:\n");
                    y.append("      - to: ").append(q("0.0.0.0/0")).append('\n');
                    y.append("        via: ").append(q(n.gateway())).append('\n');
                }
            }
            if (!n.dns().isEmpty()) {
                y.append("    nameservers:\n");
                y.append("      addresses: [");
                for (int k = 0; k < n.dns().size(); k++) {
                    y.append(k == 0 ? "" : ", ").append(q(n.dns().get(k)));
                }
                y.append("]\n");
                if (m.domain() != null) {
                    y.append("      search: [").append(q(m.domain())).append("]\n");
                }
            }
        }
        return y.toString();
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    static String q(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

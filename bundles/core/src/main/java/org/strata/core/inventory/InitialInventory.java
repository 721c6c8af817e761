package org.strata.core.inventory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.strata.api.StrataException;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;

/**
 * The inventory a repository created new starts with, as an operator (or the distribution) writes it in a properties
 * file: one datacenter, optionally one pool, and hosts with their driver ids, addresses and kinds. Core reads only
 * this neutral description: which drivers the hosts name is the file's business, not core's.
 *
 * <pre>
 * datacenter.name = Demo datacenter
 * datacenter.description = Made at first start
 * pool.name = Default                      (optional; the hosts go in it)
 * hosts = web1, array1                     (the order they are added in)
 * host.web1.driver = kvm
 * host.web1.address = qemu+ssh://10.0.0.5/system
 * host.web1.kind = HYPERVISOR              (HYPERVISOR, STORAGE or MACHINE: drivers may not run yet at first start)
 * host.web1.username = root                (optional; passwords never go in this file)
 * </pre>
 *
 * Every value is checked as the inventory service checks a request, before anything is written.
 */
public record InitialInventory(DatacenterSpec datacenter, PoolSpec pool, List<HostSpec> hosts) {

    public InitialInventory {
        hosts = List.copyOf(hosts);
    }

    /** Reads and checks the file; INVALID_INPUT naming the file and the key when something is wrong. */
    public static InitialInventory read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return parse(p);
        } catch (StrataException e) {
            throw StrataException.invalid(file + ": " + e.getMessage());
        }
    }

    static InitialInventory parse(Properties p) {
        Set<String> known = new LinkedHashSet<>(
                List.of("datacenter.name", "datacenter.description", "pool.name", "pool.description", "hosts"));
        DatacenterSpec dc = Validation.datacenter(
                new DatacenterSpec(required(p, "datacenter.name"), value(p, "datacenter.description")));
        String poolName = value(p, "pool.name");
        // The pool's datacenter is not known before it is created: a placeholder id that the seeder replaces.
        PoolSpec pool = poolName == null
                ? null
                : Validation.pool(new PoolSpec("initial", null, poolName, value(p, "pool.description"), null, null));
        List<HostSpec> hosts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String name :
                value(p, "hosts") == null ? new String[0] : value(p, "hosts").split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!names.add(n)) {
                throw StrataException.invalid("host '" + n + "' is listed twice in hosts");
            }
            String prefix = "host." + n + ".";
            for (String key : List.of("driver", "address", "kind", "username")) {
                known.add(prefix + key);
            }
            HostKind kind = kind(required(p, prefix + "kind"), prefix + "kind");
            HostSpec spec = new HostSpec(
                    n,
                    "initial",
                    null,
                    required(p, prefix + "driver"),
                    required(p, prefix + "address"),
                    value(p, prefix + "username"),
                    null,
                    null,
                    kind);
            try {
                hosts.add(Validation.host(spec));
            } catch (StrataException e) {
                throw StrataException.invalid("host '" + n + "': " + e.getMessage());
            }
        }
        for (String key : p.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw StrataException.invalid("unknown key '" + key + "'"
                        + (key.startsWith("host.") ? " (is the host listed in hosts?)" : ""));
            }
        }
        return new InitialInventory(dc, pool, hosts);
    }

    private static HostKind kind(String value, String key) {
        try {
            return HostKind.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid(key + " must be HYPERVISOR, STORAGE or MACHINE, was '" + value + "'");
        }
    }

    private static String required(Properties p, String key) {
        String v = value(p, key);
        if (v == null) {
            throw StrataException.invalid(key + " is required");
        }
        return v;
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }
}

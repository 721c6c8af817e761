package org.strata.driver.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * Where a demo host is: {@code demo://NAME}, optionally {@code ?vms=a,b} to name the running VMs it starts with (read
 * only the first time that host is opened). {@code test:///default}, the address of the demo host in repositories
 * seeded before the demo kept its own state, is the host "test:///default" starting with the running VM "test" that
 * libvirt's test driver showed there (same UUID, so such a repository's VM row still matches it). Any other
 * {@code test:///...} is a host of that name with no VM.
 *
 * @param key      the host's identity within the driver: two endpoints with the same key are the same host
 * @param firstVms names of the running VMs a new host starts with
 */
record DemoAddress(String key, List<String> firstVms) {

    static final String LEGACY_DEFAULT = "test:///default";
    /** The UUID of the VM "test" that libvirt's test:///default shows. */
    static final String LEGACY_VM_UUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    static DemoAddress parse(String address) {
        String a = address == null ? "" : address.trim();
        if (a.equals(LEGACY_DEFAULT)) {
            return new DemoAddress(LEGACY_DEFAULT, List.of("test"));
        }
        if (a.startsWith("test:///")) {
            return new DemoAddress(a, List.of());
        }
        if (!a.startsWith("demo://")) {
            // A qemu:// or esx:// address here would make a demo driver look as if it managed a real system.
            throw new DriverException(
                    Fault.UNSUPPORTED, "the demo driver only manages demo hosts (demo://NAME), not '" + a + "'");
        }
        URI uri;
        try {
            uri = new URI(a);
        } catch (URISyntaxException e) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "'" + a + "' is not a demo address (demo://NAME): " + e.getReason());
        }
        String name = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
        if (name == null
                || !NAME.matcher(name).matches()
                || uri.getPort() != -1
                || (uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/"))) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "'" + a + "' is not a demo address: use demo://NAME, NAME of"
                            + " letters, digits, '.', '_' and '-'");
        }
        List<String> vms = List.of();
        String query = uri.getQuery();
        if (query != null && !query.isEmpty()) {
            if (!query.startsWith("vms=") || query.indexOf('&') >= 0) {
                throw new DriverException(
                        Fault.UNSUPPORTED, "'" + a + "': the only option of a demo address is" + " ?vms=NAME,NAME");
            }
            vms = Arrays.stream(query.substring(4).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
            for (String vm : vms) {
                if (!NAME.matcher(vm).matches()) {
                    throw new DriverException(Fault.UNSUPPORTED, "'" + a + "': '" + vm + "' is not a VM name");
                }
            }
        }
        return new DemoAddress("demo://" + name.toLowerCase(java.util.Locale.ROOT), vms);
    }
}

package org.strata.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Witnesses on the test bed's daemons and BMCs that are independent of Strata: {@code virsh} and {@code ipmitool}, as
 * the tests against the powered hosts (tools/test-env/powered-host.sh) read them.
 */
final class Testbed {

    private Testbed() {}

    /** ipmitool against a BMC at {@code host:port}; -C 3 because ipmi_sim does not answer the cipher suite query. */
    static String ipmi(String bmc, String user, String password, String... args) throws Exception {
        int colon = bmc.lastIndexOf(':');
        List<String> command = new ArrayList<>(List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                bmc.substring(0, colon),
                "-p",
                bmc.substring(colon + 1),
                "-U",
                user,
                "-P",
                password));
        command.addAll(List.of(args));
        return StrataTestSupport.program(command, Map.of());
    }

    /** The names of the daemon's domains, one a line: running ones, or with {@code --all} every one. */
    static String virshList(String uri, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri, "list", "--name"));
        command.addAll(List.of(flags));
        return StrataTestSupport.program(command, Map.of());
    }

    /**
     * The daemons among {@code uris} (those that answer) on which the domain executes, in state running. A start that
     * the lock manager refuses shows the domain for a moment as paused: QEMU is launched with its vCPUs stopped and
     * the lease is asked for before they start, so that copy never ran a guest instruction and does not count.
     */
    static List<String> runningOn(String name, List<String> uris) throws Exception {
        List<String> on = new ArrayList<>();
        for (String uri : uris) {
            if (uri != null
                    && answers(uri)
                    && virshList(uri, "--state-running").lines().anyMatch(name::equals)) {
                on.add(uri);
            }
        }
        return on;
    }

    static String virsh(String uri, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return StrataTestSupport.program(command, Map.of());
    }

    /** Whether the daemon at {@code uri} answers. */
    static boolean answers(String uri) throws Exception {
        return StrataTestSupport.execute(List.of("virsh", "-q", "-c", uri, "uri"), Map.of())
                        .exitStatus()
                == 0;
    }
}

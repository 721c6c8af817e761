package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assume.assumeTrue;
import static org.strata.itests.StrataTestSupport.await;
import static org.strata.itests.StrataTestSupport.execute;
import static org.strata.itests.StrataTestSupport.program;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The testbed's powered hosts (tools/test-env/powered-host.sh) do what the power-management tests rely on, checked
 * with libvirt's and IPMI's own clients and no Strata: a running VM migrates live from powered host 1 to powered
 * host 2; "chassis power off" through host 2's simulated BMC takes its hypervisor away (virsh cannot connect, the
 * VM's QEMU is gone) and the BMC reads off; "power on" brings the hypervisor back, with the VM defined and shut off
 * as on a real host after a power loss. Plain JUnit, not Pax Exam, so that the assumption below is reported as a
 * skip; {@code ./strata test} starts the hosts as root, and CI (STRATA_TEST_REQUIRE_LIBVIRT=1) fails without
 * them, so there it always runs. About 5 s.
 */
public class PoweredHostsIT {

    private static final String HOST_1 = System.getenv("STRATA_TEST_POWERED_HOST_1_URI");
    private static final String HOST_2 = System.getenv("STRATA_TEST_POWERED_HOST_2_URI");
    private static final String BMC_2 = System.getenv("STRATA_TEST_POWERED_HOST_2_BMC");
    private static final String BMC_2_USER = System.getenv("STRATA_TEST_POWERED_HOST_2_BMC_USER");
    private static final String BMC_2_PASSWORD = System.getenv("STRATA_TEST_POWERED_HOST_2_BMC_PASSWORD");
    private static final String SCRIPT = Path.of("..", "tools", "test-env", "powered-host.sh")
            .toAbsolutePath()
            .normalize()
            .toString();

    private final String name = "powered-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Before
    public void hosts() {
        assumeTrue(
                "no powered hosts: STRATA_TEST_POWERED_HOST_1_URI and STRATA_TEST_POWERED_HOST_2_* are unset"
                        + " (./strata test starts them as root; by hand: tools/test-env/powered-host.sh start 1,"
                        + " start 2)",
                HOST_1 != null && HOST_2 != null && BMC_2 != null && BMC_2_USER != null && BMC_2_PASSWORD != null);
    }

    /** Host 2 on again and the VM gone from both hosts, whatever failed. */
    @After
    public void restore() throws Exception {
        if (HOST_1 == null || HOST_2 == null) {
            return;
        }
        if (!"on".equals(power())) {
            ipmi("chassis", "power", "on");
        }
        await("host 2's libvirtd answers", () -> answers(HOST_2));
        for (String uri : List.of(HOST_1, HOST_2)) {
            execute(virsh(uri, "destroy", name), Map.of());
            execute(virsh(uri, "undefine", name), Map.of());
        }
    }

    @Test
    public void aVmMigratesBetweenPoweredHostsAndPowerOffTakesTheHypervisorAway() throws Exception {
        Path xml = Files.createTempFile("busy-vm-", ".xml");
        try {
            Files.writeString(xml, program(List.of(SCRIPT, "busy-vm-xml", name), Map.of()));
            program(virsh(HOST_1, "define", xml.toString()), Map.of());
        } finally {
            Files.delete(xml);
        }
        program(virsh(HOST_1, "start", name), Map.of());
        program(virsh(HOST_1, "migrate", "--live", "--persistent", "--undefinesource", name, HOST_2), Map.of());
        assertEquals(
                "running", program(virsh(HOST_2, "domstate", name), Map.of()).trim());
        assertFalse(
                "gone from host 1",
                program(virsh(HOST_1, "list", "--all", "--name"), Map.of()).contains(name));
        assertEquals("on", power());

        ipmi("chassis", "power", "off");
        await("host 2's BMC reads off", () -> "off".equals(power()));
        assertFalse("host 2's libvirtd is gone", answers(HOST_2));
        assertFalse(
                "the VM's QEMU is gone",
                execute(List.of("pgrep", "-f", "guest=" + name + ","), Map.of()).exitStatus() == 0);

        ipmi("chassis", "power", "on");
        assertEquals("on", power());
        await("host 2's libvirtd answers again", () -> answers(HOST_2));
        assertEquals(
                "shut off", program(virsh(HOST_2, "domstate", name), Map.of()).trim());
    }

    private static List<String> virsh(String uri, String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return command;
    }

    private static boolean answers(String uri) throws Exception {
        return execute(virsh(uri, "uri"), Map.of()).exitStatus() == 0;
    }

    /** "on" or "off", as host 2's BMC reads its chassis power. */
    private static String power() throws Exception {
        String[] words = ipmi("chassis", "power", "status").trim().split("\\s+");
        return words[words.length - 1];
    }

    /** ipmitool against host 2's BMC; -C 3 because ipmi_sim does not answer the cipher suite query. */
    private static String ipmi(String... args) throws Exception {
        int colon = BMC_2.lastIndexOf(':');
        List<String> command = new ArrayList<>(List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                BMC_2.substring(0, colon),
                "-p",
                BMC_2.substring(colon + 1),
                "-U",
                BMC_2_USER,
                "-P",
                BMC_2_PASSWORD));
        command.addAll(List.of(args));
        return program(command, Map.of());
    }
}

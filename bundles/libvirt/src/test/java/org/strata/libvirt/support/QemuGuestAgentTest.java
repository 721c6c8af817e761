package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtErrorsForTests;
import org.libvirt.LibvirtException;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * Reading the QEMU guest agent's answers and libvirt's "no agent" errors. The answers are those of qemu-guest-agent
 * 7.2 in a Debian 12 guest and of the agent of a Windows Server 2022 guest (QEMU's qga schema), recorded, and hostile
 * ones a guest could send; the errors are libvirt 9.0's words, measured on this machine's daemon with a running guest
 * that has no agent and one whose definition has no agent channel. No guest with an agent is booted here: that is the
 * OS layer's end-to-end test.
 */
public class QemuGuestAgentTest {

    static final String DEBIAN_OSINFO = """
            {"return": {"name": "Debian GNU/Linux", "kernel-release": "6.1.0-28-amd64", "version": "12 (bookworm)",
             "pretty-name": "Debian GNU/Linux 12 (bookworm)", "version-id": "12",
             "kernel-version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)", "machine": "x86_64",
             "id": "debian"}}""";

    static final String WINDOWS_OSINFO = """
            {"return":{"name":"Microsoft Windows","kernel-release":"20348","version":"Microsoft Windows Server 2022",\
            "variant":"server","pretty-name":"Windows Server 2022 Datacenter","version-id":"2022",\
            "variant-id":"server","kernel-version":"10.0","machine":"x86_64","id":"mswindows"}}""";

    static final String INTERFACES = """
            {"return": [
              {"name": "lo", "ip-addresses": [
                 {"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8},
                 {"ip-address-type": "ipv6", "ip-address": "::1", "prefix": 128}],
               "statistics": {"tx-packets": 8, "rx-bytes": 640}, "hardware-address": "00:00:00:00:00:00"},
              {"name": "enp1s0", "ip-addresses": [
                 {"ip-address-type": "ipv4", "ip-address": "10.0.2.15", "prefix": 24},
                 {"ip-address-type": "ipv6", "ip-address": "fe80::5054:ff:fe12:3456%enp1s0", "prefix": 64}],
               "statistics": {"tx-packets": 120}, "hardware-address": "52:54:00:12:34:56"},
              {"name": "dummy0"}
            ]}""";

    @Test
    public void readsTheOsReportOfALinuxAndAWindowsGuest() {
        Map<String, String> debian = QemuGuestAgent.osInfo(DEBIAN_OSINFO);
        assertEquals("debian", debian.get("id"));
        assertEquals("Debian GNU/Linux 12 (bookworm)", debian.get("pretty-name"));
        assertEquals("6.1.0-28-amd64", debian.get("kernel-release"));
        assertEquals(GuestInfo.OS_KEYS, List.copyOf(debian.keySet()));
        Map<String, String> windows = QemuGuestAgent.osInfo(WINDOWS_OSINFO);
        assertEquals("mswindows", windows.get("id"));
        assertEquals("Microsoft Windows Server 2022", windows.get("version"));
        assertTrue("only the SPI's keys", !windows.containsKey("variant"));
        assertTrue(
                "an agent without the command gives nothing",
                QemuGuestAgent.osInfo(null).isEmpty());
    }

    @Test
    public void readsTheHostNameAndTheInterfacesWithTheirAddresses() {
        assertEquals("web1", QemuGuestAgent.hostName("{\"return\": {\"host-name\": \"web1\"}}"));
        assertNull(QemuGuestAgent.hostName("{\"return\": {}}"));
        List<GuestInfo.Interface> nics = QemuGuestAgent.interfaces(INTERFACES);
        assertEquals(3, nics.size());
        assertEquals(
                new GuestInfo.Interface(
                        "lo",
                        "00:00:00:00:00:00",
                        List.of(new GuestInfo.Address("127.0.0.1", 8), new GuestInfo.Address("::1", 128))),
                nics.get(0));
        assertEquals(
                new GuestInfo.Interface(
                        "enp1s0",
                        "52:54:00:12:34:56",
                        List.of(
                                new GuestInfo.Address("10.0.2.15", 24),
                                new GuestInfo.Address("fe80::5054:ff:fe12:3456", 64))),
                nics.get(1));
        assertEquals(new GuestInfo.Interface("dummy0", null, List.of()), nics.get(2));
    }

    @Test
    public void whatAHostileGuestSaysIsBoundedAndNeverResolved() {
        // A name where an address belongs would be looked up in DNS by InetAddress.getByName: it is dropped.
        List<GuestInfo.Interface> nics = QemuGuestAgent.interfaces("""
                {"return": [{"name": "eth0\\u001b]0;owned\\u0007", "hardware-address": "52:54:00:00:00:01",
                  "ip-addresses": [
                    {"ip-address": "attacker.example", "prefix": 24},
                    {"ip-address": "10.0.0.1", "prefix": 33},
                    {"ip-address": "1.2.3", "prefix": 8},
                    {"ip-address": "10.0.0.2", "prefix": "24"},
                    {"ip-address": "10.0.0.3", "prefix": 24}]}]}""");
        assertEquals("eth0?]0;owned?", nics.get(0).name());
        assertEquals(List.of(new GuestInfo.Address("10.0.0.3", 24)), nics.get(0).addresses());
        assertEquals(
                QemuGuestAgent.MAX_TEXT, QemuGuestAgent.text("x".repeat(10_000)).length());
        String many = "{\"return\": [" + "{\"name\": \"n\"},".repeat(1000) + "{\"name\": \"last\"}]}";
        assertEquals(
                QemuGuestAgent.MAX_INTERFACES, QemuGuestAgent.interfaces(many).size());
        String deep = "{\"return\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThrows(IllegalArgumentException.class, () -> QemuGuestAgent.interfaces(deep));
        assertThrows(IllegalArgumentException.class, () -> QemuGuestAgent.osInfo("{\"return\": [1]}"));
        assertThrows(IllegalArgumentException.class, () -> QemuGuestAgent.osInfo("{\"error\": {}}"));
        assertThrows(IllegalArgumentException.class, () -> QemuGuestAgent.hostName("not json"));
    }

    private static LibvirtException error(ErrorNumber code, String message) {
        return LibvirtErrorsForTests.error(code, ErrorDomain.VIR_FROM_QEMU, message);
    }

    @Test
    public void libvirtsNoAgentErrorsAreReasonsAndTheRestIsNot() {
        // libvirt 9.0's words, measured with virsh qemu-agent-command on this machine's daemon
        String notConnected = QemuGuestAgent.noAgentReason(error(
                ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE,
                "Guest agent is not responding: QEMU guest agent is not connected"));
        assertTrue(notConnected, notConnected.startsWith("Guest agent is not responding: QEMU guest agent is not"));
        assertTrue(notConnected, notConnected.contains("not installed or not running in the guest"));
        String notConfigured = QemuGuestAgent.noAgentReason(error(
                ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED, "argument unsupported: QEMU guest agent is not configured"));
        assertTrue(notConfigured, notConfigured.contains("no org.qemu.guest_agent.0 channel"));
        assertEquals(
                "Guest agent is not responding: Guest agent not available for now",
                QemuGuestAgent.noAgentReason(error(
                        ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE,
                        "Guest agent is not responding: Guest agent not available for now")));
        assertEquals(
                "Requested operation is not valid: domain is not running",
                QemuGuestAgent.noAgentReason(error(
                        ErrorNumber.VIR_ERR_OPERATION_INVALID,
                        "Requested operation is not valid: domain is not running")));
        assertNull(QemuGuestAgent.noAgentReason(error(ErrorNumber.VIR_ERR_RPC, "End of file while reading data")));
        assertNull(QemuGuestAgent.noAgentReason(error(
                ErrorNumber.VIR_ERR_NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainQemuAgentCommand")));

        LibvirtException refused = error(
                ErrorNumber.VIR_ERR_INTERNAL_ERROR,
                "internal error: unable to execute QEMU agent command 'guest-get-osinfo': The command"
                        + " guest-get-osinfo has not been found");
        assertTrue(QemuGuestAgent.refusedCommand(refused));
        assertNull(QemuGuestAgent.noAgentReason(refused));
        assertTrue(
                !QemuGuestAgent.refusedCommand(error(ErrorNumber.VIR_ERR_INTERNAL_ERROR, "internal error: qemu died")));
    }

    /** qemu-guest-agent 7.2 in a Debian 12 guest: / and /boot with sizes, a vfat /boot/efi, and a tmpfs without. */
    static final String FSINFO = """
            {"return": [
              {"name": "vda1", "total-bytes": 2040373248, "mountpoint": "/", "disk": [{"serial": "s1",
                "bus-type": "virtio", "bus": 0, "unit": 0, "pci-controller": {"bus": 0, "slot": 4, "domain": 0,
                "function": 0}, "dev": "/dev/vda1", "target": 0}], "used-bytes": 1018667008, "type": "ext4"},
              {"name": "vda15", "total-bytes": 129718272, "mountpoint": "/boot/efi", "disk": [], "used-bytes": 6369280,
               "type": "vfat"},
              {"name": "tmpfs", "mountpoint": "/run/user/0", "disk": [], "type": "tmpfs"},
              {"name": "vdb1", "mountpoint": "/srv", "disk": [], "total-bytes": 0, "type": "xfs"}
            ]}""";

    @Test
    public void readsFileSystemsAndLeavesOutThoseWithoutSizes() {
        assertEquals(
                List.of(
                        new GuestInfo.FileSystem("/", "ext4", 2040373248L, 1018667008L),
                        new GuestInfo.FileSystem("/boot/efi", "vfat", 129718272L, 6369280L),
                        new GuestInfo.FileSystem("/srv", "xfs", 0, -1)),
                QemuGuestAgent.fileSystems(FSINFO));
        assertEquals(49.9, QemuGuestAgent.fileSystems(FSINFO).get(0).usedPercent(), 0.1);
        assertEquals(List.of(), QemuGuestAgent.fileSystems(null));
        assertEquals(List.of(), QemuGuestAgent.fileSystems("{\"return\": []}"));
        assertThrows(IllegalArgumentException.class, () -> QemuGuestAgent.fileSystems("{\"return\": {}}"));
        String many = "{\"return\": ["
                + "{\"mountpoint\": \"/m\", \"type\": \"ext4\", \"total-bytes\": 1},".repeat(1000)
                + "{\"mountpoint\": \"/\", \"total-bytes\": 1}]}";
        assertEquals(
                QemuGuestAgent.MAX_FILE_SYSTEMS,
                QemuGuestAgent.fileSystems(many).size());
        assertEquals(
                "a negative size is no size",
                List.of(),
                QemuGuestAgent.fileSystems("{\"return\": [{\"mountpoint\": \"/\", \"total-bytes\": -5}]}"));
    }

    @Test
    public void readsUsersOfALinuxAndAWindowsGuest() {
        // Linux: one entry per user, the earliest of its sessions; Windows adds the domain
        List<GuestInfo.User> users = QemuGuestAgent.users("""
                {"return": [{"user": "root", "login-time": 1733500800.123456},
                            {"user": "Administrator", "domain": "WIN-7K3", "login-time": 1733504400.5},
                            {"login-time": 1}, {"user": "nobody"}]}""");
        assertEquals(
                List.of(
                        new GuestInfo.User("root", null, Instant.parse("2024-12-06T16:00:00.123456Z")),
                        new GuestInfo.User("Administrator", "WIN-7K3", Instant.parse("2024-12-06T17:00:00.500Z")),
                        new GuestInfo.User("nobody", null, null)),
                users);
        assertEquals(List.of(), QemuGuestAgent.users("{\"return\": []}"));
        assertEquals(List.of(), QemuGuestAgent.users(null));
    }

    @Test
    public void readsTheTimeZoneWithOrWithoutItsName() {
        assertEquals(
                new GuestInfo.Timezone("CET", 3600),
                QemuGuestAgent.timezone("{\"return\": {\"zone\": \"CET\", \"offset\": 3600}}"));
        assertEquals(
                new GuestInfo.Timezone(null, -18000), QemuGuestAgent.timezone("{\"return\": {\"offset\": -18000}}"));
        assertNull(QemuGuestAgent.timezone(null));
        assertThrows(
                IllegalArgumentException.class,
                () -> QemuGuestAgent.timezone("{\"return\": {\"zone\": \"X\", \"offset\": 999999999}}"));
    }

    @Test
    public void readsHowAProgramEnded() {
        assertEquals(1234L, QemuGuestAgent.pid("{\"return\": {\"pid\": 1234}}"));
        assertNull("still running", QemuGuestAgent.execStatus("{\"return\": {\"exited\": false}}"));
        assertEquals(
                new GuestCommandResult(0, "hi\n", "", false),
                QemuGuestAgent.execStatus(
                        "{\"return\": {\"exitcode\": 0, \"out-data\": \"aGkK\", \"out-truncated\": false,"
                                + " \"exited\": true}}"));
        assertEquals(
                new GuestCommandResult(137, "", "", false),
                QemuGuestAgent.execStatus("{\"return\": {\"signal\": 9, \"exited\": true}}"));
        assertEquals(
                new GuestCommandResult(2, "", "no\n", true),
                QemuGuestAgent.execStatus("{\"return\": {\"exitcode\": 2, \"err-data\": \"bm8K\","
                        + " \"err-truncated\": true, \"exited\": true}}"));
        assertThrows(
                IllegalArgumentException.class, () -> QemuGuestAgent.execStatus("{\"return\": {\"exited\": true}}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> QemuGuestAgent.execStatus(
                        "{\"return\": {\"exitcode\": 0, \"out-data\": \"not base64!\", \"exited\": true}}"));
    }

    @Test
    public void writesTheExecRequestAsTheSchemaNamesIt() {
        assertEquals(
                "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"echo \\\"a\\\"\\n\"],"
                        + "\"input-data\":\"aGk=\",\"capture-output\":true}}",
                QemuGuestAgent.execRequest(new GuestCommand(
                        "/bin/sh", List.of("-c", "echo \"a\"\n"), "hi", java.time.Duration.ofSeconds(1))));
    }
}

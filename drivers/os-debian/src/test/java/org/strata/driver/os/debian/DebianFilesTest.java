package org.strata.driver.os.debian;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.ImageRoot;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.NetbootArtifacts;

/** What the Debian driver writes for particular machines, judged by the real tools (debconf, cloud-init, qemu-ga). */
public class DebianFilesTest {

    private static final String HASH =
            "$6$kitsalt$Ti5Enw4mcCakysQd17jqZn72e1Iqq1QTIc/IvPT5zyX68loBXOoiFh0gwvWAhyTIi7CDTk4OWSyp8BfMOjZa60";
    /** A key comment with what YAML, shells and debconf treat specially (quotes and backslashes cannot get in). */
    private static final String ODD_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOddOddOddOddOddOddOddOddOddOddOddOddOdd a: b #c &d *e !f |g >h %i @j {k} [l], ;m";

    private static final String CALLBACK = "http://192.0.2.1:8181/boot/callback?token=a#b&x=$HOME;y";

    private final DebianOsDriver driver = new DebianOsDriver();

    private static MachineParams machine(MachineParams.Nic nic, String mirror, List<String> keys) {
        return new MachineParams(
                "web-1",
                "lab.example",
                List.of(nic),
                List.of(new MachineParams.OsUser("ops", HASH, keys)),
                "America/New_York",
                "de_DE.UTF-8",
                List.of("nginx", "vim"),
                mirror,
                CALLBACK,
                Map.of("keymap", "de"));
    }

    private static MachineParams staticMachine() {
        return machine(
                new MachineParams.Nic(
                        "52:54:00:00:00:01", "10.1.2.3/20", "10.1.0.1", List.of("10.1.0.53", "10.1.0.54")),
                "http://mirror.lab.example:8080/debian-mirror/",
                List.of(ODD_KEY));
    }

    @Test
    public void aStaticAddressIsRenderedInThePreseedTheKernelLineAndNetworkConfig() throws Exception {
        MachineParams m = staticMachine();
        String preseed = driver.answerFile(DebianOsDriver.SERVER, m).content();
        Tools.debconfCheck(preseed);
        assertTrue(preseed.contains("d-i netcfg/disable_autoconfig boolean true\n"));
        assertTrue(preseed.contains("d-i netcfg/get_ipaddress string 10.1.2.3\n"));
        assertTrue(preseed.contains("d-i netcfg/get_netmask string 255.255.240.0\n"));
        assertTrue(preseed.contains("d-i netcfg/get_gateway string 10.1.0.1\n"));
        assertTrue(preseed.contains("d-i netcfg/get_nameservers string 10.1.0.53 10.1.0.54\n"));
        assertTrue(preseed.contains("d-i netcfg/get_domain string lab.example\n"));

        NetbootArtifacts boot = driver.netboot(
                DebianOsDriver.SERVER,
                new InstallTree("http://192.0.2.1/t", java.util.Set.of(Preseed.KERNEL, Preseed.INITRD)),
                m,
                "http://192.0.2.1:8181/boot/answer/t1");
        assertEquals(
                "auto=true priority=critical url=http://192.0.2.1:8181/boot/answer/t1 interface=auto"
                        + " locale=de_DE.UTF-8 keymap=de hostname=web-1 domain=lab.example"
                        + " netcfg/disable_autoconfig=true netcfg/get_ipaddress=10.1.2.3"
                        + " netcfg/get_netmask=255.255.240.0 netcfg/get_gateway=10.1.0.1 netcfg/confirm_static=true"
                        + " netcfg/get_nameservers=10.1.0.53,10.1.0.54 ipv6.disable=1",
                boot.arguments());

        // cloud-init's own renderer turns the network-config into this interfaces(5) stanza.
        String eni = Tools.cloudInit(
                        "network-config",
                        driver.personalize(DebianOsDriver.SERVER, m).files().get("network-config"))
                .out();
        assertTrue(eni, eni.contains("iface nic0 inet static\n    address 10.1.2.3/20\n"));
        assertTrue(eni, eni.contains("route add default gw 10.1.0.1"));
        assertTrue(eni, eni.contains("dns-nameservers 10.1.0.53 10.1.0.54"));
    }

    @Test
    public void theMirrorIsSplitIntoHostAndDirectory() throws Exception {
        String preseed =
                driver.answerFile(DebianOsDriver.MINIMAL, staticMachine()).content();
        Tools.debconfCheck(preseed);
        assertTrue(preseed.contains("d-i mirror/protocol select http\n"));
        assertTrue(preseed.contains("d-i mirror/http/hostname string mirror.lab.example:8080\n"));
        assertTrue(preseed.contains("d-i mirror/http/directory string /debian-mirror\n"));
        assertTrue("minimal installs no task", preseed.contains("tasksel tasksel/first multiselect \n"));

        String https = driver.answerFile(
                        DebianOsDriver.SERVER,
                        machine(
                                MachineParams.Nic.dhcp("52:54:00:00:00:02"),
                                "https://deb.example.org/debian",
                                List.of()))
                .content();
        assertTrue(https.contains("d-i mirror/https/hostname string deb.example.org\n"));
        String byDefault = driver.answerFile(
                        DebianOsDriver.SERVER, machine(MachineParams.Nic.dhcp("52:54:00:00:00:02"), null, List.of()))
                .content();
        assertTrue(byDefault.contains("d-i mirror/http/hostname string deb.debian.org\n"));
        assertTrue(byDefault.contains("d-i mirror/http/directory string /debian\n"));
        try {
            driver.answerFile(
                    DebianOsDriver.SERVER,
                    machine(MachineParams.Nic.dhcp("52:54:00:00:00:02"), "http://u@m.example/debian?x=1", List.of()));
            throw new AssertionError("a mirror with a query is refused");
        } catch (DriverException e) {
            assertEquals(Fault.INVALID, e.fault());
        }
    }

    @Test
    public void valuesSpecialToYamlAndShellsArriveIntact() throws Exception {
        MachineParams m = staticMachine();
        Map<String, String> files = driver.personalize(DebianOsDriver.SERVER, m).files();
        Tools.cloudInit("user-data", files.get("user-data"));
        String json = Tools.yamlAsJson(files.get("user-data"));
        assertTrue(json, json.contains("\"ssh_authorized_keys\": [\"" + ODD_KEY + "\"]"));
        assertTrue(json, json.contains("'" + m.callback("booted") + "'"));

        // The preseed single-quotes the key and the callback for the installer's shell: they hold no quote.
        String preseed = driver.answerFile(DebianOsDriver.SERVER, m).content();
        Tools.debconfCheck(preseed);
        assertTrue(preseed.contains("echo '" + ODD_KEY + "' >> /target/home/ops/.ssh/authorized_keys"));
        assertTrue(preseed.contains("wget -q -O /dev/null '" + m.callback("installing") + "' || true\n"));
        String lateCommand = preseed.lines()
                .filter(l -> l.startsWith("d-i preseed/late_command string "))
                .findFirst()
                .orElseThrow();
        // sh -n parses the late command as the installer's shell will: one list of commands, quotes balanced.
        Tools.check(lateCommand.substring("d-i preseed/late_command string ".length()), "sh", "-n");
    }

    /**
     * The command lines that boot the golden image from the network, each proved on a real boot by
     * tools/test-env/golden-image-selftest.sh (sanhook, nas) and by OsProvisioningIT.
     */
    @Test
    public void imagesBootFromTheNetworkWithTheirRootAndTheSeed() {
        MachineParams m = machine(MachineParams.Nic.dhcp("52:54:00:00:00:01"), null, List.of(ODD_KEY));
        String seed = "http://10.0.2.2:8181/boot/nocloud/TOKEN/";
        assertEquals("ds=nocloud-net;s=" + seed, driver.seedSerialNumber(DebianOsDriver.MINIMAL, m, seed));
        assertEquals(
                "root=/dev/disk/by-path/ip-10.0.2.2:3260-iscsi-iqn.2026-12.test:images-lun-2-part1 rw"
                        + " ds=nocloud-net;s=" + seed,
                driver.imageBoot(
                        DebianOsDriver.SERVER,
                        new ImageRoot.Iscsi("10.0.2.2", 3260, "iqn.2026-12.test:images", 2, 1),
                        m,
                        seed));
        assertEquals(
                "root=/dev/nfs nfsroot=10.0.2.2:/strata/debian,tcp,nfsvers=3 ip=dhcp rw strata.overlay=tmpfs"
                        + " ds=nocloud-net;s=" + seed,
                driver.imageBoot(DebianOsDriver.SERVER, new ImageRoot.Nfs("10.0.2.2", "/strata/debian"), m, seed));
        org.strata.spi.DriverException minimal = org.junit.Assert.assertThrows(
                org.strata.spi.DriverException.class,
                () -> driver.imageBoot(
                        DebianOsDriver.MINIMAL, new ImageRoot.Nfs("10.0.2.2", "/strata/debian"), m, seed));
        assertEquals(org.strata.spi.Fault.UNSUPPORTED, minimal.fault());
        org.strata.spi.DriverException badSeed = org.junit.Assert.assertThrows(
                org.strata.spi.DriverException.class,
                () -> driver.imageBoot(
                        DebianOsDriver.SERVER,
                        new ImageRoot.Nfs("10.0.2.2", "/strata/debian"),
                        m,
                        seed + " init=/bin/sh"));
        assertEquals(org.strata.spi.Fault.INVALID, badSeed.fault());
    }

    @Test
    public void theInstanceIdIsTheMachinesOwn() {
        MachineParams a = staticMachine();
        MachineParams b = machine(MachineParams.Nic.dhcp("52:54:00:00:00:09"), null, List.of());
        assertEquals(NoCloud.instanceId(a), NoCloud.instanceId(staticMachine()));
        assertTrue(!NoCloud.instanceId(a).equals(NoCloud.instanceId(b)));
        assertTrue(NoCloud.metaData(a).contains("local-hostname: \"web-1\""));
    }

    @Test
    public void recognizesWhatTheRealGuestAgentReportsOfDebian12() throws Exception {
        // qemu-ga (Debian's, unpacked, not installed) answering guest-get-osinfo on this Debian 12 machine.
        Map<String, String> info = Tools.guestAgentOsInfo(null);
        GuestFacts facts = driver.recognize(info).orElseThrow();
        assertEquals("debian", facts.family());
        assertEquals("12", facts.version());
        assertEquals("Debian GNU/Linux 12 (bookworm)", facts.name());
        assertEquals("x86_64", facts.architecture());
        assertEquals(info.get("kernel-release"), facts.kernel());
        assertEquals("debian-12-server", facts.profileId());
        assertTrue(
                driver.recognize(Map.of("id", "ubuntu", "version-id", "24.04")).isEmpty());
    }
}

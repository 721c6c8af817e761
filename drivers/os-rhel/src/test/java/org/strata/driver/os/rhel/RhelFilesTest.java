package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.MachineParams;

/** What the RHEL-family driver writes for particular machines; what it makes of real guest-agent reports. */
public class RhelFilesTest {

    private static final String HASH =
            "$6$kitsalt$Ti5Enw4mcCakysQd17jqZn72e1Iqq1QTIc/IvPT5zyX68loBXOoiFh0gwvWAhyTIi7CDTk4OWSyp8BfMOjZa60";
    private static final String ODD_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOddOddOddOddOddOddOddOddOddOddOddOddOdd a: b #c &d *e !f |g >h %i @j {k} [l], ;m";
    private static final String CALLBACK = "http://192.0.2.1:8181/boot/callback?token=a#b&x=$HOME;y";

    private final RhelOsDriver driver = new RhelOsDriver();

    /**
     * The grammar check, plus two real judges: Python's shlex (what pykickstart splits command lines with) must find
     * the same words as the checker, and {@code sh -n} must parse every %pre and %post script.
     */
    static KickstartGrammar.Parsed checkKickstart(String kickstart) throws Exception {
        KickstartGrammar.Parsed ks = KickstartGrammar.check(kickstart);
        StringBuilder expected = new StringBuilder();
        StringBuilder commandLines = new StringBuilder();
        for (KickstartGrammar.Command c : ks.commands()) {
            String line = kickstart.split("\n", -1)[c.line() - 1];
            commandLines.append(line).append('\n');
            expected.append(KickstartGrammar.split(line, c.line())).append('\n');
        }
        String shlex = Tools.check(
                        commandLines.toString(),
                        "/usr/bin/python3",
                        "-c",
                        "import sys, shlex\n"
                                + "for l in open(sys.argv[1]).read().splitlines():\n"
                                + "    print('[' + ', '.join(shlex.split(l, comments=True)) + ']')")
                .out();
        assertEquals("the checker splits words as shlex does", expected.toString(), shlex);
        for (KickstartGrammar.Section s : ks.sections()) {
            if (s.name().equals("%pre") || s.name().equals("%post")) {
                Tools.check(String.join("\n", s.body()) + "\n", "sh", "-n");
            }
        }
        return ks;
    }

    private static MachineParams machine(List<MachineParams.Nic> nics, String mirror) {
        return new MachineParams(
                "db-2",
                "lab.example",
                nics,
                List.of(new MachineParams.OsUser("ops", HASH, List.of(ODD_KEY))),
                "Europe/Berlin",
                "de_DE.UTF-8",
                List.of("postgresql-server"),
                mirror,
                CALLBACK,
                Map.of("keymap", "de"));
    }

    /**
     * The image methods in dracut's and systemd's words (dracut.cmdline(7): rd.iscsi.firmware, ip=ibft,
     * root=nfs:SERVER:PATH:OPTIONS; systemd.volatile=overlay): checked against that documentation only, since no
     * RHEL-family image can be built here (docs/os-drivers.md).
     */
    @Test
    public void imagesBootInDracutsWordsAndFindTheirSeed() {
        MachineParams m = machine(List.of(MachineParams.Nic.dhcp("52:54:00:00:00:02")), null);
        String seed = "http://10.0.2.2:8181/boot/nocloud/TOKEN/";
        assertEquals("ds=nocloud-net;s=" + seed, driver.seedSerialNumber(RhelOsDriver.MINIMAL, m, seed));
        assertEquals(
                "rd.iscsi.firmware=1 ip=ibft root=/dev/disk/by-path/ip-10.0.2.2:3260-iscsi-iqn.2026-12.test:images-lun-3"
                        + "-part1 rw ds=nocloud-net;s=" + seed,
                driver.imageBoot(
                        RhelOsDriver.SERVER,
                        new org.strata.spi.os.ImageRoot.Iscsi("10.0.2.2", 3260, "iqn.2026-12.test:images", 3, 1),
                        m,
                        seed));
        assertEquals(
                "root=nfs:10.0.2.2:/exports/rhel9:vers=3,tcp ip=dhcp ro systemd.volatile=overlay ds=nocloud-net;s="
                        + seed,
                driver.imageBoot(
                        RhelOsDriver.SERVER,
                        new org.strata.spi.os.ImageRoot.Nfs("10.0.2.2", "/exports/rhel9"),
                        m,
                        seed));
    }

    @Test
    public void aStaticAddressIsRenderedInTheKickstartAndOnTheKernelLine() throws Exception {
        MachineParams m = machine(
                List.of(
                        new MachineParams.Nic("52:54:00:00:00:01", "10.1.2.3/20", "10.1.0.1", List.of("10.1.0.53")),
                        MachineParams.Nic.dhcp("52:54:00:00:00:02")),
                "http://mirror.lab.example/rocky/9/BaseOS/x86_64/os/");
        KickstartGrammar.Parsed ks =
                checkKickstart(driver.answerFile(RhelOsDriver.SERVER, m).content());
        KickstartGrammar.Command first = ks.all("network").get(0);
        assertEquals("52:54:00:00:00:01", first.options().get("--device"));
        assertEquals("static", first.options().get("--bootproto"));
        assertEquals("10.1.2.3", first.options().get("--ip"));
        assertEquals("255.255.240.0", first.options().get("--netmask"));
        assertEquals("10.1.0.1", first.options().get("--gateway"));
        assertEquals("10.1.0.53", first.options().get("--nameserver"));
        assertEquals("db-2.lab.example", first.options().get("--hostname"));
        KickstartGrammar.Command second = ks.all("network").get(1);
        assertEquals("dhcp", second.options().get("--bootproto"));
        assertTrue(
                "only the first interface routes by default", second.options().containsKey("--nodefroute"));
        assertEquals(
                "http://mirror.lab.example/rocky/9/BaseOS/x86_64/os/",
                ks.one("url").options().get("--url"));

        String args = driver.netboot(
                        RhelOsDriver.SERVER,
                        new InstallTree("http://192.0.2.1/trees/rocky-9", Set.of(Kickstart.KERNEL, Kickstart.INITRD)),
                        m,
                        "http://192.0.2.1:8181/boot/answer/t1")
                .arguments();
        assertEquals(
                "inst.ks=http://192.0.2.1:8181/boot/answer/t1 inst.repo=http://192.0.2.1/trees/rocky-9"
                        + " ifname=bootnet:52:54:00:00:00:01 ip=10.1.2.3::10.1.0.1:255.255.240.0:db-2:bootnet:none"
                        + " nameserver=10.1.0.53 inst.text",
                args);
    }

    @Test
    public void valuesSpecialToKickstartAndShellsArriveIntact() throws Exception {
        MachineParams m = machine(List.of(MachineParams.Nic.dhcp("52:54:00:00:00:03")), null);
        String text = driver.answerFile(RhelOsDriver.MINIMAL, m).content();
        KickstartGrammar.Parsed ks = checkKickstart(text);
        // The key's comment holds a '#' that would start a kickstart comment unquoted.
        assertEquals(List.of(ODD_KEY), ks.one("sshkey").arguments());
        assertEquals("ops", ks.one("sshkey").options().get("--username"));
        assertEquals(HASH, ks.one("user").options().get("--password"));
        assertEquals("wheel", ks.one("user").options().get("--groups"));
        assertTrue("no mirror: anaconda installs from inst.repo", ks.all("url").isEmpty());
        assertTrue(ks.section("%pre")
                .body()
                .contains("curl -fsS -o /dev/null '" + m.callback("installing") + "' || true"));
        assertTrue(ks.section("%packages").body().contains("@^minimal-environment"));
        String json = Tools.yamlAsJson(
                driver.personalize(RhelOsDriver.SERVER, m).files().get("user-data"));
        assertTrue(json, json.contains("\"ssh_authorized_keys\": [\"" + ODD_KEY + "\"]"));
        assertTrue(json, json.contains("\"groups\": [\"wheel\"]"));
    }

    @Test
    public void theGrammarCheckerRefusesWhatKsvalidatorWould() {
        String good = "text\nlang en_US.UTF-8\nkeyboard --xlayouts=us\ntimezone UTC --utc\nrootpw --lock\n"
                + "bootloader --location=mbr\nautopart\n";
        KickstartGrammar.check(good);
        for (String bad : List.of(
                good + "frobnicate\n",
                good + "network --bootproto=magic\n",
                good + "network --bogus\n",
                good + "%packages\ncurl\n",
                good + "%post\n%pre\n%end\n",
                good + "sshkey \"ssh-ed25519 AAAA\n",
                good + "lang de_DE.UTF-8\n",
                good.replace("autopart\n", ""),
                good.replace("rootpw --lock\n", "rootpw\n"))) {
            try {
                KickstartGrammar.check(bad);
            } catch (AssertionError expected) {
                continue;
            }
            throw new IllegalStateException("the checker let this through:\n" + bad);
        }
    }

    @Test
    public void recognizesWhatTheRealGuestAgentReportsOfRhelFamilyReleases() throws Exception {
        // The real qemu-ga reads these os-release files (bind-mounted over /etc/os-release in a mount namespace).
        // The files are copies of the distributions' os-release, written here: a stand-in for the guests' disks.
        Map<String, String> releases = Map.of(
                "rocky",
                "NAME=\"Rocky Linux\"\nVERSION=\"9.4 (Blue Onyx)\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n"
                        + "VERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky Linux 9.4 (Blue Onyx)\"\n",
                "almalinux",
                "NAME=\"AlmaLinux\"\nVERSION=\"9.4 (Seafoam Ocelot)\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\n"
                        + "VERSION_ID=\"9.4\"\nPRETTY_NAME=\"AlmaLinux 9.4 (Seafoam Ocelot)\"\n",
                "rhel",
                "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\n"
                        + "VERSION_ID=\"9.4\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.4 (Plow)\"\n");
        for (Map.Entry<String, String> r : releases.entrySet()) {
            Path file = Files.createTempFile("os-release", "");
            try {
                Files.writeString(file, r.getValue());
                Map<String, String> info = Tools.guestAgentOsInfo(file);
                assertEquals(r.getKey(), info.get("id"));
                GuestFacts facts = driver.recognize(info).orElseThrow();
                assertEquals("rhel", facts.family());
                assertEquals("9.4", facts.version());
                assertEquals("rhel-9-server", facts.profileId());
                assertEquals("x86_64", facts.architecture());
            } finally {
                Files.delete(file);
            }
        }
        // And this machine's own Debian is not of the family.
        assertTrue(driver.recognize(Tools.guestAgentOsInfo(null)).isEmpty());
    }
}

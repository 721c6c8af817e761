package org.strata.driver.os.windows;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.MachineParams;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** What the Windows driver writes for particular machines, read back by XML parsers. */
public class WindowsFilesTest {

    /** A key comment with what XML, cmd and PowerShell treat specially (MachineParams keeps " ' ` \ $ out). */
    private static final String ODD_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOddOddOddOddOddOddOddOddOddOddOddOddOdd <a> & b %PATH% ;|^ \u2019q\u2018";

    private static final String CALLBACK = "http://192.0.2.1:8181/boot/callback?token=a&x=%41;y";

    private final WindowsOsDriver driver = new WindowsOsDriver();

    private static MachineParams machine(String hostname, String timezone, Map<String, String> extra) {
        return new MachineParams(
                hostname,
                "corp.example",
                List.of(
                        new MachineParams.Nic(
                                "52:54:00:aa:bb:01", "10.1.2.3/20", "10.1.0.1", List.of("10.1.0.53", "10.1.0.54")),
                        MachineParams.Nic.dhcp("52:54:00:aa:bb:02")),
                List.of(new MachineParams.OsUser("ops", null, List.of(ODD_KEY))),
                timezone,
                "fr_FR.UTF-8",
                List.of(),
                null,
                CALLBACK,
                extra);
    }

    @Test
    public void aStaticAddressIsRenderedPerInterfaceMatchedByMac() throws Exception {
        Document doc = UnattendStructure.check(
                driver.answerFile(WindowsOsDriver.DATACENTER, machine("win-1", "Europe/Paris", Map.of()))
                        .content());
        Element tcpip = UnattendStructure.component(doc, "specialize", "Microsoft-Windows-TCPIP");
        assertEquals("52-54-00-AA-BB-01", text(tcpip, "Identifier"));
        assertEquals("false", text(tcpip, "DhcpEnabled"));
        assertEquals("10.1.2.3/20", text(tcpip, "IpAddress"));
        assertEquals("0.0.0.0/0", text(tcpip, "Prefix"));
        assertEquals("10.1.0.1", text(tcpip, "NextHopAddress"));
        assertEquals(
                "the DHCP interface is left alone",
                1,
                tcpip.getElementsByTagNameNS(Unattend.NS, "Interface").getLength());
        Element dns = UnattendStructure.component(doc, "specialize", "Microsoft-Windows-DNS-Client");
        assertEquals("corp.example", text(dns, "DNSDomain"));
        assertEquals(2, dns.getElementsByTagNameNS(Unattend.NS, "IpAddress").getLength());
        Element shell = UnattendStructure.component(doc, "specialize", "Microsoft-Windows-Shell-Setup");
        assertEquals("win-1", text(shell, "ComputerName"));
        assertEquals("Romance Standard Time", text(shell, "TimeZone"));
        assertEquals(
                List.of("fr-FR"), UnattendStructure.texts(doc, "UILanguage").subList(0, 1));
        assertEquals(
                "Windows Server 2022 SERVERDATACENTER",
                text(UnattendStructure.component(doc, "windowsPE", "Microsoft-Windows-Setup"), "Value"));
    }

    @Test
    public void everyValueIsEscapedAndReadBackIntact() throws Exception {
        MachineParams m = machine("win-2", "UTC", Map.of());
        for (String xml : List.of(
                driver.answerFile(WindowsOsDriver.STANDARD, m).content(),
                driver.personalize(WindowsOsDriver.STANDARD, m).files().get("unattend.xml"))) {
            Document doc = UnattendStructure.check(xml);
            List<String> commands = UnattendStructure.texts(doc, "CommandLine");
            String keys = commands.stream()
                    .filter(c -> c.contains("administrators_authorized_keys") && c.contains("Set-Content"))
                    .findFirst()
                    .orElseThrow();
            // PowerShell single quotes: the typographic ones doubled too, the rest literal.
            assertTrue(
                    keys,
                    keys.contains(
                            "'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOddOddOddOddOddOddOddOddOddOddOddOddOdd <a> & b %PATH% ;|^"
                                    + " \u2019\u2019q\u2018\u2018'"));
            assertTrue(commands.toString(), commands.stream().anyMatch(c -> c.contains("\"" + CALLBACK + "&step=")));
        }
        Document pe = UnattendStructure.check(
                driver.answerFile(WindowsOsDriver.STANDARD, m).content());
        assertEquals(
                List.of("curl.exe -fsS --retry 10 -o NUL \"" + m.callback("installing") + "\""),
                UnattendStructure.texts(pe, "Path"));
        assertEquals(
                "Windows Server 2022 SERVERSTANDARD",
                text(UnattendStructure.component(pe, "windowsPE", "Microsoft-Windows-Setup"), "Value"));
    }

    @Test
    public void productKeyFirmwareAndComputerNameAreChecked() throws Exception {
        Document withKey = UnattendStructure.check(driver.answerFile(
                        WindowsOsDriver.DATACENTER,
                        machine(
                                "win-3",
                                "UTC",
                                Map.of("productKey", "WX4NM-KYWYW-QJJR4-XV3QB-6VM33", "firmware", "uefi")))
                .content());
        assertEquals(
                List.of("WX4NM-KYWYW-QJJR4-XV3QB-6VM33"),
                UnattendStructure.texts(withKey, "Key").subList(1, 2));
        assertEquals(List.of("EFI", "MSR", "Primary"), UnattendStructure.texts(withKey, "Type"));
        Document without =
                UnattendStructure.check(driver.answerFile(WindowsOsDriver.DATACENTER, machine("win-3", "UTC", Map.of()))
                        .content());
        assertTrue(
                "no key, no ProductKey",
                UnattendStructure.texts(without, "ProductKey").isEmpty());
        assertEquals(List.of("Primary", "Primary"), UnattendStructure.texts(without, "Type"));
        for (MachineParams bad : List.of(
                machine("win-3", "UTC", Map.of("productKey", "12345")),
                machine("win-3", "UTC", Map.of("firmware", "coreboot")),
                machine("a-very-long-hostname", "UTC", Map.of()))) {
            try {
                driver.answerFile(WindowsOsDriver.DATACENTER, bad);
                throw new AssertionError("refused: " + bad);
            } catch (DriverException e) {
                assertEquals(Fault.INVALID, e.fault());
            }
        }
    }

    @Test
    public void theTimeZoneTableAgreesWithCldrAsDebianShipsIt() throws Exception {
        // python3-tzlocal carries CLDR's windowsZones mapping (tzlocal.windows_tz.tz_win); CLDR names Kolkata Calcutta.
        Map<String, String> ours = new TreeMap<>(TimeZones.TABLE);
        StringBuilder zones = new StringBuilder();
        ours.keySet()
                .forEach(z -> zones.append(z.equals("Asia/Kolkata") ? "Asia/Calcutta" : z)
                        .append('\n'));
        String out = Tools.check(
                        zones.toString(),
                        "/usr/bin/python3",
                        "-c",
                        "import sys\nfrom tzlocal.windows_tz import tz_win\n"
                                + "for z in open(sys.argv[1]).read().split():\n    print(tz_win.get(z))")
                .out();
        assertEquals(String.join("\n", ours.values()) + "\n", out);
        assertEquals("UTC", TimeZones.windows("Pacific/Chatham"));
    }

    @Test
    public void recognizesWhatQemuGuestAgentReportsOnWindowsServer2022() {
        // qga/commands-win32.c, qmp_guest_get_osinfo: recorded values (no Windows guest runs here).
        Map<String, String> report = Map.of(
                "id", "mswindows",
                "name", "Microsoft Windows",
                "pretty-name", "Windows Server 2022 Standard",
                "version", "Microsoft Windows Server 2022",
                "version-id", "2022",
                "variant", "server",
                "variant-id", "server",
                "kernel-version", "10.0",
                "kernel-release", "20348",
                "machine", "x86_64");
        GuestFacts facts = driver.recognize(report).orElseThrow();
        assertEquals("windows", facts.family());
        assertEquals("2022", facts.version());
        assertEquals("20348", facts.kernel());
        assertEquals("windows-2022-standard", facts.profileId());
        Map<String, String> client = new TreeMap<>(report);
        client.put("version-id", "11");
        client.put("kernel-release", "22631");
        client.put("pretty-name", "Windows 11 Pro");
        assertEquals(null, driver.recognize(client).orElseThrow().profileId());
        assertTrue(driver.recognize(Map.of("id", "debian", "version-id", "12")).isEmpty());
    }

    private static String text(Element e, String localName) {
        return e.getElementsByTagNameNS(Unattend.NS, localName).item(0).getTextContent();
    }
}

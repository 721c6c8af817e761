package org.strata.driver.esx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.vsphere.vim.XmlNode;

/**
 * A VM's {@code guest} property (vim25 GuestInfo, what VMware Tools report) read as the SPI's {@link GuestInfo}. Tools
 * report neither logged-in users nor the time zone: those stay empty.
 */
final class ToolsGuestInfo {

    /** A guest id without its "_64Guest" or "Guest" end: family and version ("debian12" is debian 12). */
    private static final Pattern GUEST_ID = Pattern.compile("([a-zA-Z]+?)(\\d+)?");

    /**
     * Guest id families whose os-release {@code ID} is known (what QEMU's agent reports as "id"); others are left out
     * rather than guessed.
     */
    private static final Map<String, String> OS_RELEASE_IDS = Map.ofEntries(
            Map.entry("debian", "debian"),
            Map.entry("ubuntu", "ubuntu"),
            Map.entry("rhel", "rhel"),
            Map.entry("centos", "centos"),
            Map.entry("fedora", "fedora"),
            Map.entry("sles", "sles"),
            Map.entry("almalinux", "almalinux"),
            Map.entry("rockylinux", "rocky"),
            Map.entry("oracleLinux", "ol"),
            Map.entry("vmwarePhoton", "photon"),
            Map.entry("freebsd", "freebsd"));

    private ToolsGuestInfo() {}

    /**
     * @param powerState the VM's {@code runtime.powerState}
     * @param guest      its {@code guest} property, or null when the server gave none
     */
    static GuestInfo read(String powerState, XmlNode guest) {
        if (!"poweredOn".equals(powerState)) {
            return GuestInfo.noAgent("the VM is " + powerState + ": VMware Tools answer only in a running guest");
        }
        String running = guest == null ? null : guest.text("toolsRunningStatus");
        if (!"guestToolsRunning".equals(running)) {
            String said = running != null ? running : guest == null ? null : guest.text("toolsStatus");
            return GuestInfo.noAgent(
                    "VMware Tools are not running in the guest (" + (said == null ? "no status reported" : said) + ")");
        }
        return new GuestInfo(
                true,
                null,
                os(guest.text("guestId"), guest.text("guestFullName")),
                guest.text("hostName"),
                interfaces(guest),
                null,
                List.of(),
                fileSystems(guest));
    }

    static Map<String, String> os(String guestId, String fullName) {
        Map<String, String> os = new LinkedHashMap<>();
        if (guestId != null && guestId.startsWith("win")) {
            os.put(
                    "id",
                    "mswindows"); // as QEMU's agent names every Windows ("windows2019srv_64Guest", "winXPProGuest")
        } else if (guestId != null) {
            Matcher m = GUEST_ID.matcher(guestId.replaceFirst("(_?64)?Guest$", ""));
            if (m.matches()) {
                String family = m.group(1);
                if (OS_RELEASE_IDS.containsKey(family)) {
                    os.put("id", OS_RELEASE_IDS.get(family));
                    if (m.group(2) != null) {
                        os.put("version-id", m.group(2));
                    }
                }
            }
        }
        if (fullName != null && !fullName.isBlank()) {
            os.put("pretty-name", fullName);
            // Tools' full name ends with the word size ("Debian GNU/Linux 12 (64-bit)"), which no os-release name has
            os.put("name", fullName.replaceFirst("\\s*\\((32|64)-bit\\)$", ""));
        }
        return os;
    }

    private static List<GuestInfo.Interface> interfaces(XmlNode guest) {
        List<GuestInfo.Interface> out = new ArrayList<>();
        List<XmlNode> nics = guest.all("net");
        for (int i = 0; i < nics.size(); i++) {
            XmlNode nic = nics.get(i);
            // Tools do not give the guest's own name of an interface: name it by its virtual NIC's device key, stable
            // for the VM's life; interfaces that no virtual NIC backs (key -1) by their place in the list
            long key = nic.longAt("deviceConfigId", -1);
            String name = key >= 0 ? "nic-" + key : "guest-nic-" + i;
            out.add(new GuestInfo.Interface(name, nic.text("macAddress"), addresses(nic)));
        }
        if (out.isEmpty() && guest.text("ipAddress") != null) {
            out.add(new GuestInfo.Interface("guest-nic-0", null, List.of(hostAddress(guest.text("ipAddress")))));
        }
        return out;
    }

    private static List<GuestInfo.Address> addresses(XmlNode nic) {
        List<GuestInfo.Address> out = new ArrayList<>();
        XmlNode config = nic.child("ipConfig");
        if (config != null) {
            for (XmlNode ip : config.all("ipAddress")) {
                String address = ip.text("ipAddress");
                if (address != null && !address.isBlank()) {
                    // a prefix of 0 is no interface's: what a server that leaves the field unset sends (vcsim's
                    // customization does)
                    int prefix = ip.intAt("prefixLength", 0);
                    out.add(
                            prefix > 0 && prefix <= 128
                                    ? new GuestInfo.Address(address, prefix)
                                    : hostAddress(address));
                }
            }
        }
        if (out.isEmpty()) {
            // older Tools give the addresses only, without their prefix lengths
            for (XmlNode ip : nic.all("ipAddress")) {
                if (!ip.text().isBlank()) {
                    out.add(hostAddress(ip.text()));
                }
            }
        }
        return out;
    }

    /** An address whose prefix length Tools did not report: taken as a host address (/32, /128). */
    private static GuestInfo.Address hostAddress(String address) {
        return new GuestInfo.Address(address, address.indexOf(':') >= 0 ? 128 : 32);
    }

    private static List<GuestInfo.FileSystem> fileSystems(XmlNode guest) {
        List<GuestInfo.FileSystem> out = new ArrayList<>();
        for (XmlNode disk : guest.all("disk")) {
            String path = disk.text("diskPath");
            if (path == null || path.isBlank()) {
                continue;
            }
            long capacity = disk.longAt("capacity", -1);
            long free = disk.longAt("freeSpace", -1);
            long used = capacity >= 0 && free >= 0 && free <= capacity ? capacity - free : -1;
            String type = disk.text("filesystemType"); // vSphere 7.0 and later
            out.add(new GuestInfo.FileSystem(
                    path, type == null ? "" : type.toLowerCase(Locale.ROOT), Math.max(capacity, -1), used));
        }
        return out;
    }
}

package org.strata.driver.os.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.MachineParams;

/**
 * Windows Setup's answer files: {@code autounattend.xml} for an install from WinPE (passes windowsPE, specialize,
 * oobeSystem) and {@code unattend.xml} for a sysprepped image's first boot (specialize, oobeSystem).
 *
 * <p>Every value from the machine is XML-escaped. Commands run by Setup are started without a shell (no {@code %}
 * expansion); values inside them are quoted for the program that reads them: the callback URL in double quotes for
 * curl.exe (MachineParams lets no quote, space or backslash into it), SSH keys in PowerShell single quotes with every
 * kind of single quote PowerShell knows doubled.
 */
final class Unattend {

    static final String NS = "urn:schemas-microsoft-com:unattend";
    static final String WCM = "http://schemas.microsoft.com/WMIConfig/2002/State";

    private static final Pattern PRODUCT_KEY = Pattern.compile("[A-Z0-9]{5}(-[A-Z0-9]{5}){4}");
    private static final String KEYS_FILE = "C:\\ProgramData\\ssh\\administrators_authorized_keys";

    private Unattend() {}

    /** What the install puts on the disk: the image's name in install.wim, the firmware the disk is laid out for. */
    record Target(String imageName, boolean uefi) {}

    static String autounattend(MachineParams m, Target target) {
        Xml x = start();
        windowsPe(x, m, target);
        specialize(x, m, m.callback("installing"));
        oobe(x, m, m.callback("installed"));
        return end(x);
    }

    static String unattend(MachineParams m) {
        Xml x = start();
        specialize(x, m, null);
        oobe(x, m, m.callback("booted"));
        return end(x);
    }

    private static Xml start() {
        Xml x = new Xml();
        x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.raw("<!-- Rendered by Strata (driver " + WindowsOsDriver.ID + ") -->\n");
        x.raw("<unattend xmlns=\"" + NS + "\" xmlns:wcm=\"" + WCM
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        return x;
    }

    private static String end(Xml x) {
        x.raw("</unattend>\n");
        return x.toString();
    }

    private static void windowsPe(Xml x, MachineParams m, Target target) {
        x.open("settings pass=\"windowsPE\"");
        component(x, "Microsoft-Windows-International-Core-WinPE");
        x.open("SetupUILanguage").leaf("UILanguage", language(m)).close("SetupUILanguage");
        locales(x, m);
        x.close("component");

        component(x, "Microsoft-Windows-Setup");
        x.open("DiskConfiguration");
        x.open("Disk wcm:action=\"add\"");
        x.leaf("DiskID", "0").leaf("WillWipeDisk", "true");
        x.open("CreatePartitions");
        List<String[]> partitions = target.uefi()
                ? List.of(new String[] {"EFI", "100"}, new String[] {"MSR", "16"}, new String[] {"Primary", null})
                : List.of(new String[] {"Primary", "500"}, new String[] {"Primary", null});
        for (int i = 0; i < partitions.size(); i++) {
            x.open("CreatePartition wcm:action=\"add\"");
            x.leaf("Order", String.valueOf(i + 1)).leaf("Type", partitions.get(i)[0]);
            if (partitions.get(i)[1] == null) {
                x.leaf("Extend", "true");
            } else {
                x.leaf("Size", partitions.get(i)[1]);
            }
            x.close("CreatePartition");
        }
        x.close("CreatePartitions");
        x.open("ModifyPartitions");
        x.open("ModifyPartition wcm:action=\"add\"");
        x.leaf("Order", "1").leaf("PartitionID", "1").leaf("Label", "System");
        x.leaf("Format", target.uefi() ? "FAT32" : "NTFS");
        if (!target.uefi()) {
            x.leaf("Active", "true");
        }
        x.close("ModifyPartition");
        int windows = target.uefi() ? 3 : 2;
        x.open("ModifyPartition wcm:action=\"add\"");
        x.leaf("Order", "2").leaf("PartitionID", String.valueOf(windows)).leaf("Label", "Windows");
        x.leaf("Letter", "C").leaf("Format", "NTFS");
        x.close("ModifyPartition");
        x.close("ModifyPartitions");
        x.close("Disk");
        x.leaf("WillShowUI", "OnError");
        x.close("DiskConfiguration");

        x.open("ImageInstall").open("OSImage");
        x.open("InstallFrom").open("MetaData wcm:action=\"add\"");
        x.leaf("Key", "/IMAGE/NAME").leaf("Value", target.imageName());
        x.close("MetaData").close("InstallFrom");
        x.open("InstallTo")
                .leaf("DiskID", "0")
                .leaf("PartitionID", String.valueOf(windows))
                .close("InstallTo");
        x.leaf("WillShowUI", "OnError");
        x.close("OSImage").close("ImageInstall");

        x.open("UserData");
        x.leaf("AcceptEula", "true");
        x.leaf("FullName", m.admin() == null ? "Strata" : m.admin().name());
        x.leaf("Organization", "Strata");
        String key = m.extra().get("productKey");
        if (key != null) {
            if (!PRODUCT_KEY.matcher(key).matches()) {
                throw new DriverException(Fault.INVALID, "productKey must be five groups of five: XXXXX-XXXXX-...");
            }
            x.open("ProductKey").leaf("Key", key).leaf("WillShowUI", "Never").close("ProductKey");
        }
        x.close("UserData");
        x.close("component");
        x.close("settings");
    }

    private static void specialize(Xml x, MachineParams m, String callback) {
        x.open("settings pass=\"specialize\"");
        component(x, "Microsoft-Windows-Shell-Setup");
        x.leaf("ComputerName", computerName(m));
        x.leaf("TimeZone", TimeZones.windows(m.timezone()));
        x.close("component");

        boolean anyStatic = m.nics().stream().anyMatch(n -> !n.dhcp());
        if (anyStatic) {
            component(x, "Microsoft-Windows-TCPIP");
            x.open("Interfaces");
            for (MachineParams.Nic n : m.nics()) {
                if (n.dhcp()) {
                    continue;
                }
                x.open("Interface wcm:action=\"add\"");
                x.leaf("Identifier", windowsMac(n.mac()));
                x.open("Ipv4Settings").leaf("DhcpEnabled", "false").close("Ipv4Settings");
                x.open("UnicastIpAddresses");
                x.open("IpAddress wcm:action=\"add\" wcm:keyValue=\"1\"", false);
                x.text(n.address()).close("IpAddress");
                x.close("UnicastIpAddresses");
                if (n.gateway() != null) {
                    x.open("Routes").open("Route wcm:action=\"add\"");
                    x.leaf("Identifier", "0").leaf("Prefix", "0.0.0.0/0").leaf("NextHopAddress", n.gateway());
                    x.close("Route").close("Routes");
                }
                x.close("Interface");
            }
            x.close("Interfaces");
            x.close("component");
        }
        boolean anyDns = m.nics().stream().anyMatch(n -> !n.dns().isEmpty());
        if (anyDns || m.domain() != null) {
            component(x, "Microsoft-Windows-DNS-Client");
            if (m.domain() != null) {
                x.leaf("DNSDomain", m.domain());
            }
            if (anyDns) {
                x.open("Interfaces");
                for (MachineParams.Nic n : m.nics()) {
                    if (n.dns().isEmpty()) {
                        continue;
                    }
                    x.open("Interface wcm:action=\"add\"");
                    x.leaf("Identifier", windowsMac(n.mac()));
                    x.open("DNSServerSearchOrder");
                    for (int i = 0; i < n.dns().size(); i++) {
                        x.open("IpAddress wcm:action=\"add\" wcm:keyValue=\"" + (i + 1) + "\"", false);
                        x.text(n.dns().get(i)).close("IpAddress");
                    }
                    x.close("DNSServerSearchOrder");
                    x.close("Interface");
                }
                x.close("Interfaces");
            }
            x.close("component");
        }
        if (callback != null) {
            // The first point of a network install where Windows (and its curl.exe) runs: WinPE has no curl.
            component(x, "Microsoft-Windows-Deployment");
            x.open("RunSynchronous").open("RunSynchronousCommand wcm:action=\"add\"");
            x.leaf("Order", "1");
            x.leaf("Description", "Strata: installing");
            x.leaf("Path", curl(callback));
            x.close("RunSynchronousCommand").close("RunSynchronous");
            x.close("component");
        }
        x.close("settings");
    }

    private static void oobe(Xml x, MachineParams m, String callback) {
        MachineParams.OsUser admin = m.admin();
        if (admin == null) {
            throw new DriverException(Fault.INVALID, "a Windows install needs an administrator (the first user)");
        }
        x.open("settings pass=\"oobeSystem\"");
        component(x, "Microsoft-Windows-International-Core");
        locales(x, m);
        x.close("component");

        component(x, "Microsoft-Windows-Shell-Setup");
        x.open("OOBE");
        x.leaf("HideEULAPage", "true");
        x.leaf("HideLocalAccountScreen", "true");
        x.leaf("HideOEMRegistrationScreen", "true");
        x.leaf("HideOnlineAccountScreens", "true");
        x.leaf("HideWirelessSetupInOOBE", "true");
        x.leaf("NetworkLocation", "Work");
        x.leaf("ProtectYourPC", "3");
        x.leaf("SkipUserOOBE", "true");
        x.close("OOBE");
        // Windows takes no crypt(3) hash: accounts start with an empty password, used once by AutoLogon to run
        // the first-logon commands, the last of which replaces it with a random one nobody knows (SSH keys only).
        x.open("UserAccounts");
        x.open("AdministratorPassword")
                .leaf("Value", "")
                .leaf("PlainText", "true")
                .close("AdministratorPassword");
        x.open("LocalAccounts");
        for (int i = 0; i < m.users().size(); i++) {
            MachineParams.OsUser u = m.users().get(i);
            x.open("LocalAccount wcm:action=\"add\"");
            x.open("Password").leaf("Value", "").leaf("PlainText", "true").close("Password");
            x.leaf("DisplayName", u.name());
            x.leaf("Group", i == 0 ? "Administrators" : "Users");
            x.leaf("Name", u.name());
            x.close("LocalAccount");
        }
        x.close("LocalAccounts");
        x.close("UserAccounts");
        x.open("AutoLogon");
        x.open("Password").leaf("Value", "").leaf("PlainText", "true").close("Password");
        x.leaf("Enabled", "true").leaf("LogonCount", "1").leaf("Username", admin.name());
        x.close("AutoLogon");

        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {
            "Strata: OpenSSH server",
            "powershell.exe -NoProfile -ExecutionPolicy Bypass -Command \"Add-WindowsCapability -Online -Name"
                    + " OpenSSH.Server~~~~0.0.1.0; Set-Service -Name sshd -StartupType Automatic; Start-Service sshd\""
        });
        commands.add(new String[] {"Strata: administrators' SSH keys", writeKeys(admin.sshKeys())});
        commands.add(new String[] {
            "Strata: keys file for administrators only",
            "icacls.exe " + KEYS_FILE + " /inheritance:r /grant Administrators:F /grant SYSTEM:F"
        });
        commands.add(new String[] {"Strata: callback", curl(callback)});
        List<String> accounts = new ArrayList<>();
        m.users().forEach(u -> accounts.add(u.name()));
        // The built-in Administrator too: Setup gave it the same empty password.
        accounts.add("Administrator");
        for (String account : accounts) {
            commands.add(new String[] {
                "Strata: random password for " + account,
                "powershell.exe -NoProfile -ExecutionPolicy Bypass -Command \"$p = [Convert]::ToBase64String("
                        + "[Security.Cryptography.RandomNumberGenerator]::GetBytes(24)) + 'a1!';"
                        + " Set-LocalUser -Name " + ps(account) + " -Password (ConvertTo-SecureString $p"
                        + " -AsPlainText -Force)\""
            });
        }
        x.open("FirstLogonCommands");
        for (int i = 0; i < commands.size(); i++) {
            x.open("SynchronousCommand wcm:action=\"add\"");
            x.leaf("Order", String.valueOf(i + 1));
            x.leaf("Description", commands.get(i)[0]);
            x.leaf("CommandLine", commands.get(i)[1]);
            x.close("SynchronousCommand");
        }
        x.close("FirstLogonCommands");
        x.leaf("TimeZone", TimeZones.windows(m.timezone()));
        x.close("component");
        x.close("settings");
    }

    private static String writeKeys(List<String> keys) {
        StringBuilder list = new StringBuilder();
        for (String k : keys) {
            list.append(list.length() == 0 ? "" : ",").append(ps(k));
        }
        return "powershell.exe -NoProfile -ExecutionPolicy Bypass -Command \"New-Item -ItemType Directory -Force -Path"
                + " 'C:\\ProgramData\\ssh' | Out-Null; Set-Content -Encoding ascii -Path '" + KEYS_FILE + "' -Value @("
                + list + ")\"";
    }

    private static String curl(String url) {
        return "curl.exe -fsS --retry 10 -o NUL \"" + url + "\"";
    }

    /** A PowerShell single-quoted string: every character PowerShell reads as a single quote is doubled. */
    static String ps(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B') {
                b.append(c);
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }

    private static void locales(Xml x, MachineParams m) {
        String lang = language(m);
        x.leaf("InputLocale", lang)
                .leaf("SystemLocale", lang)
                .leaf("UILanguage", lang)
                .leaf("UserLocale", lang);
    }

    /** {@code en_US.UTF-8} is {@code en-US} to Windows. */
    static String language(MachineParams m) {
        String l = m.locale();
        int dot = l.indexOf('.');
        return (dot < 0 ? l : l.substring(0, dot)).replace('_', '-');
    }

    /** NetBIOS limits a computer name to 15 characters; Windows upper-cases it. */
    static String computerName(MachineParams m) {
        if (m.hostname().length() > 15) {
            throw new DriverException(
                    Fault.INVALID, "a Windows computer name has 15 characters at most: " + m.hostname());
        }
        return m.hostname();
    }

    /** Windows names an interface by its MAC in upper case with dashes. */
    static String windowsMac(String mac) {
        return mac.toUpperCase(java.util.Locale.ROOT).replace(':', '-');
    }

    private static void component(Xml x, String name) {
        x.open("component name=\"" + name + "\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\""
                + " language=\"neutral\" versionScope=\"nonSxS\"");
    }

    /** An indenting XML writer: tags are the code's own; every text is escaped. */
    static final class Xml {
        private final StringBuilder b = new StringBuilder(8192);
        private int depth = 1;

        Xml raw(String s) {
            b.append(s);
            return this;
        }

        Xml open(String tag) {
            return open(tag, true);
        }

        private boolean inline;

        Xml open(String tag, boolean newline) {
            b.append("  ".repeat(depth)).append('<').append(tag).append('>');
            if (newline) {
                b.append('\n');
                depth++;
            } else {
                depth++;
                inline = true;
            }
            return this;
        }

        Xml text(String s) {
            b.append(escape(s));
            return this;
        }

        Xml close(String tag) {
            depth--;
            if (inline) {
                inline = false;
            } else {
                b.append("  ".repeat(depth));
            }
            b.append("</").append(tag).append(">\n");
            return this;
        }

        Xml leaf(String tag, String value) {
            b.append("  ".repeat(depth))
                    .append('<')
                    .append(tag)
                    .append('>')
                    .append(escape(value))
                    .append("</")
                    .append(tag)
                    .append(">\n");
            return this;
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }

    static String escape(String s) {
        StringBuilder e = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> e.append("&amp;");
                case '<' -> e.append("&lt;");
                case '>' -> e.append("&gt;");
                case '"' -> e.append("&quot;");
                case '\'' -> e.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t') {
                        throw new DriverException(Fault.INVALID, "a control character cannot be written to XML");
                    }
                    e.append(c);
                }
            }
        }
        return e.toString();
    }
}

package org.strata.driver.os.debian;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.MachineParams;

/** The Debian installer's preseed and the netboot kernel's arguments. */
final class Preseed {

    static final String KERNEL = "debian-installer/amd64/linux";
    static final String INITRD = "debian-installer/amd64/initrd.gz";

    private static final Pattern KEYMAP = Pattern.compile("[a-z]{2,8}");

    private Preseed() {}

    /**
     * One preseed line per question. A debconf value runs to the end of its line (a trailing backslash would join
     * the next): every value written here is checked by MachineParams to hold no line break nor backslash, so
     * nothing written can add a question. Shell commands single-quote what they pass on; MachineParams lets no
     * quote into URLs, names or keys.
     */
    static String render(boolean server, MachineParams m) {
        MachineParams.OsUser admin = m.admin();
        if (admin == null) {
            throw new DriverException(
                    Fault.INVALID, "a Debian install needs an administrator (the first user): root login is disabled");
        }
        StringBuilder s = new StringBuilder(4096);
        s.append("# Debian 12 preseed rendered by Strata (driver ")
                .append(DebianOsDriver.ID)
                .append(") for ")
                .append(m.fqdn())
                .append('\n');
        s.append("# Calls back at the start (early_command) and the end (late_command) of the install.\n");
        s.append("d-i preseed/early_command string wget -q -O /dev/null '")
                .append(m.callback("installing"))
                .append("' || true\n");
        s.append("\n### Localization\n");
        s.append("d-i debian-installer/locale string ").append(m.locale()).append('\n');
        s.append("d-i keyboard-configuration/xkb-keymap select ")
                .append(keymap(m))
                .append('\n');

        s.append("\n### Network (the first interface installs; netboot's kernel arguments repeat this)\n");
        MachineParams.Nic nic = m.nics().get(0);
        s.append("d-i netcfg/choose_interface select auto\n");
        if (nic.dhcp()) {
            s.append("d-i netcfg/disable_autoconfig boolean false\n");
            if (!nic.dns().isEmpty()) {
                s.append("d-i netcfg/get_nameservers string ")
                        .append(String.join(" ", nic.dns()))
                        .append('\n');
            }
        } else {
            s.append("d-i netcfg/disable_autoconfig boolean true\n");
            s.append("d-i netcfg/get_ipaddress string ").append(ip(nic)).append('\n');
            s.append("d-i netcfg/get_netmask string ").append(netmask(nic)).append('\n');
            if (nic.gateway() != null) {
                s.append("d-i netcfg/get_gateway string ").append(nic.gateway()).append('\n');
            } else {
                s.append("d-i netcfg/no_default_route boolean true\n");
            }
            s.append("d-i netcfg/get_nameservers string ")
                    .append(String.join(" ", nic.dns()))
                    .append('\n');
            s.append("d-i netcfg/confirm_static boolean true\n");
        }
        s.append("d-i netcfg/get_hostname string ").append(m.hostname()).append('\n');
        s.append("d-i netcfg/hostname string ").append(m.hostname()).append('\n');
        s.append("d-i netcfg/get_domain string ")
                .append(m.domain() == null ? "" : m.domain())
                .append('\n');
        s.append("d-i netcfg/wireless_wep string\n");
        s.append("d-i hw-detect/load_firmware boolean false\n");

        s.append("\n### Mirror\n");
        Mirror mirror = Mirror.of(m.mirror());
        s.append("d-i mirror/country string manual\n");
        s.append("d-i mirror/protocol select ").append(mirror.protocol()).append('\n');
        s.append("d-i mirror/")
                .append(mirror.protocol())
                .append("/hostname string ")
                .append(mirror.hostname())
                .append('\n');
        s.append("d-i mirror/")
                .append(mirror.protocol())
                .append("/directory string ")
                .append(mirror.directory())
                .append('\n');
        s.append("d-i mirror/").append(mirror.protocol()).append("/proxy string\n");
        s.append("d-i mirror/suite string bookworm\n");

        s.append("\n### Accounts: no root login, the administrator gets sudo\n");
        s.append("d-i passwd/root-login boolean false\n");
        s.append("d-i passwd/make-user boolean true\n");
        s.append("d-i passwd/user-fullname string ").append(admin.name()).append('\n');
        s.append("d-i passwd/username string ").append(admin.name()).append('\n');
        // "!" is a crypt field no password matches: an administrator without a password logs in by key only.
        s.append("d-i passwd/user-password-crypted password ")
                .append(admin.passwordHash() == null ? "!" : admin.passwordHash())
                .append('\n');
        s.append("d-i passwd/user-default-groups string audio cdrom video sudo\n");

        s.append("\n### Clock\n");
        s.append("d-i clock-setup/utc boolean true\n");
        s.append("d-i time/zone string ").append(m.timezone()).append('\n');
        s.append("d-i clock-setup/ntp boolean true\n");

        s.append("\n### Partitioning: the whole first disk, regular partitions, the atomic recipe\n");
        s.append(
                "d-i partman/early_command string debconf-set partman-auto/disk \"$(list-devices disk | head -n1)\"\n");
        s.append("d-i partman-auto/method string regular\n");
        s.append("d-i partman-auto/choose_recipe select atomic\n");
        s.append("d-i partman-lvm/device_remove_lvm boolean true\n");
        s.append("d-i partman-md/device_remove_md boolean true\n");
        s.append("d-i partman-lvm/confirm boolean true\n");
        s.append("d-i partman-lvm/confirm_nooverwrite boolean true\n");
        s.append("d-i partman-partitioning/confirm_write_new_label boolean true\n");
        s.append("d-i partman/choose_partition select finish\n");
        s.append("d-i partman/confirm boolean true\n");
        s.append("d-i partman/confirm_nooverwrite boolean true\n");

        s.append("\n### Packages\n");
        s.append("d-i apt-setup/cdrom/set-first boolean false\n");
        s.append("d-i apt-setup/use_mirror boolean true\n");
        s.append("tasksel tasksel/first multiselect ")
                .append(server ? "standard, ssh-server" : "")
                .append('\n');
        Set<String> packages = new LinkedHashSet<>(List.of("openssh-server", "qemu-guest-agent", "curl"));
        packages.addAll(m.packages());
        s.append("d-i pkgsel/include string ")
                .append(String.join(" ", packages))
                .append('\n');
        s.append("d-i pkgsel/upgrade select none\n");
        s.append("popularity-contest popularity-contest/participate boolean false\n");

        s.append("\n### Boot loader: GRUB on the first disk\n");
        s.append("d-i grub-installer/only_debian boolean true\n");
        s.append("d-i grub-installer/with_other_os boolean true\n");
        s.append("d-i grub-installer/bootdev string default\n");
        console(m)
                .ifPresent(c -> s.append("d-i debian-installer/add-kernel-opts string console=")
                        .append(c)
                        .append('\n'));

        s.append("\n### The administrator's SSH keys, then the callback; the installer reboots after it\n");
        s.append("d-i preseed/late_command string ")
                .append(lateCommand(admin, m))
                .append('\n');
        s.append("d-i finish-install/reboot_in_progress note\n");
        return s.toString();
    }

    /** The kernel arguments: what d-i needs before it has the preseed (network, names, language), and the URL. */
    static String kernelArguments(MachineParams m, String answerFileUrl) {
        List<String> a = new ArrayList<>();
        a.add("auto=true");
        a.add("priority=critical");
        a.add("url=" + answerFileUrl);
        a.add("interface=auto");
        a.add("locale=" + m.locale());
        a.add("keymap=" + keymap(m));
        a.add("hostname=" + m.hostname());
        a.add("domain=" + (m.domain() == null ? "" : m.domain()));
        MachineParams.Nic nic = m.nics().get(0);
        if (!nic.dhcp()) {
            a.add("netcfg/disable_autoconfig=true");
            a.add("netcfg/get_ipaddress=" + ip(nic));
            a.add("netcfg/get_netmask=" + netmask(nic));
            a.add(nic.gateway() == null ? "netcfg/no_default_route=true" : "netcfg/get_gateway=" + nic.gateway());
            a.add("netcfg/confirm_static=true");
        }
        if (nic.dhcp()) {
            // Answers "continue without a default route?" for a DHCP server that gives none (an isolated network,
            // QEMU's restricted user network); not asked when there is one.
            a.add("netcfg/no_default_route=true");
        }
        if (!nic.dns().isEmpty()) {
            // One word on the kernel line: d-i reads name servers separated by spaces or commas.
            a.add("netcfg/get_nameservers=" + String.join(",", nic.dns()));
        }
        a.add("ipv6.disable=1");
        console(m).ifPresent(c -> a.add("console=" + c));
        return String.join(" ", a);
    }

    private static final java.util.regex.Pattern CONSOLE =
            java.util.regex.Pattern.compile("tty[A-Za-z]{0,4}[0-9]{1,2}(,[0-9]{4,6}[noe]?[5-8]?)?");

    /**
     * The console the installer (and the installed system, through GRUB) talks on: {@code extra.console}, e.g.
     * {@code ttyS0,115200} for a server with a serial console and no screen; the kernel's default when absent.
     */
    static java.util.Optional<String> console(MachineParams m) {
        String console = m.extra().get("console");
        if (console == null) {
            return java.util.Optional.empty();
        }
        if (!CONSOLE.matcher(console).matches()) {
            throw new DriverException(
                    Fault.INVALID, "console must be a kernel console such as ttyS0,115200: " + console);
        }
        return java.util.Optional.of(console);
    }

    private static String lateCommand(MachineParams.OsUser admin, MachineParams m) {
        String home = "/target/home/" + admin.name();
        List<String> c = new ArrayList<>();
        c.add("mkdir -p " + home + "/.ssh");
        for (String key : admin.sshKeys()) {
            c.add("echo '" + key + "' >> " + home + "/.ssh/authorized_keys");
        }
        c.add("touch " + home + "/.ssh/authorized_keys");
        c.add("in-target chown -R " + admin.name() + ":" + admin.name() + " /home/" + admin.name() + "/.ssh");
        c.add("in-target chmod 700 /home/" + admin.name() + "/.ssh");
        c.add("in-target chmod 600 /home/" + admin.name() + "/.ssh/authorized_keys");
        c.add("wget -q -O /dev/null '" + m.callback("installed") + "' || true");
        return String.join("; ", c);
    }

    private static String keymap(MachineParams m) {
        String keymap = m.extra().getOrDefault("keymap", "us");
        if (!KEYMAP.matcher(keymap).matches()) {
            throw new DriverException(Fault.INVALID, "keymap must be an X keyboard layout such as us or de: " + keymap);
        }
        return keymap;
    }

    private static String ip(MachineParams.Nic nic) {
        return nic.address().substring(0, nic.address().indexOf('/'));
    }

    static String netmask(MachineParams.Nic nic) {
        int prefix = Integer.parseInt(nic.address().substring(nic.address().indexOf('/') + 1));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    /** A Debian mirror as d-i asks for it: protocol, host (with its port) and directory apart. */
    record Mirror(String protocol, String hostname, String directory) {

        static Mirror of(String url) {
            if (url == null) {
                return new Mirror("http", "deb.debian.org", "/debian");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new DriverException(Fault.INVALID, "not a mirror URL: " + e.getMessage());
            }
            if (uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null
                    || uri.getHost() == null) {
                throw new DriverException(
                        Fault.INVALID,
                        "a Debian mirror is http[s]://HOST[:PORT]/DIRECTORY, without query, fragment or credentials");
            }
            String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String dir = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (dir.length() > 1 && dir.endsWith("/")) {
                dir = dir.substring(0, dir.length() - 1);
            }
            return new Mirror(uri.getScheme().toLowerCase(java.util.Locale.ROOT), host, dir);
        }
    }
}

package org.strata.driver.os.rhel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.MachineParams;

/** Anaconda's kickstart and the PXE kernel's arguments for a RHEL-family 9 install tree. */
final class Kickstart {

    static final String KERNEL = "images/pxeboot/vmlinuz";
    static final String INITRD = "images/pxeboot/initrd.img";

    private static final Pattern KEYMAP = Pattern.compile("[a-z]{2,8}");

    private Kickstart() {}

    /**
     * Kickstart commands are split like a POSIX shell line (pykickstart uses {@code shlex}): every value that comes
     * from the machine is double-quoted with {@code "} and {@code \} escaped, so that a {@code #} or a space cannot
     * end it. The %pre and %post scripts are shell: the callback URL is single-quoted (MachineParams lets no quote in).
     */
    static String render(boolean server, MachineParams m) {
        MachineParams.OsUser admin = m.admin();
        if (admin == null) {
            throw new DriverException(
                    Fault.INVALID, "a RHEL-family install needs an administrator (the first user): root is locked");
        }
        StringBuilder k = new StringBuilder(2048);
        k.append("# RHEL-family 9 kickstart rendered by Strata (driver ")
                .append(RhelOsDriver.ID)
                .append(") for ")
                .append(m.fqdn())
                .append('\n');
        k.append("text\n");
        k.append("lang ").append(m.locale()).append('\n');
        k.append("keyboard --xlayouts=").append(q(keymap(m))).append('\n');
        k.append("timezone ").append(q(m.timezone())).append(" --utc\n");
        boolean first = true;
        for (MachineParams.Nic nic : m.nics()) {
            k.append("network --device=").append(nic.mac()).append(" --onboot=yes --activate");
            if (nic.dhcp()) {
                k.append(" --bootproto=dhcp");
            } else {
                k.append(" --bootproto=static --ip=")
                        .append(ip(nic))
                        .append(" --netmask=")
                        .append(netmask(nic));
                if (nic.gateway() != null) {
                    k.append(" --gateway=").append(nic.gateway());
                }
            }
            if (!nic.dns().isEmpty()) {
                k.append(" --nameserver=").append(String.join(",", nic.dns()));
            }
            if (!first && nic.gateway() == null) {
                k.append(" --nodefroute");
            }
            if (first) {
                k.append(" --hostname=").append(m.fqdn());
            }
            k.append('\n');
            first = false;
        }
        if (m.mirror() != null) {
            k.append("url --url=").append(q(m.mirror())).append('\n');
        } else {
            k.append("# No url: anaconda installs from inst.repo, the install tree it booted from.\n");
        }
        k.append("rootpw --lock\n");
        k.append("user --name=").append(admin.name()).append(" --groups=wheel");
        if (admin.passwordHash() == null) {
            k.append(" --lock");
        } else {
            k.append(" --iscrypted --password=").append(q(admin.passwordHash()));
        }
        k.append('\n');
        for (String key : admin.sshKeys()) {
            k.append("sshkey --username=")
                    .append(admin.name())
                    .append(' ')
                    .append(q(key))
                    .append('\n');
        }
        k.append("firstboot --disable\n");
        k.append("selinux --enforcing\n");
        k.append("firewall --enabled --ssh\n");
        // qemu-guest-agent has no [Install] section on RHEL 9: udev starts it when its virtio port appears.
        k.append("services --enabled=sshd\n");
        k.append("zerombr\n");
        k.append("clearpart --all --initlabel\n");
        k.append("autopart\n");
        k.append("bootloader --location=mbr\n");
        k.append("reboot\n");

        k.append("\n%packages\n");
        k.append(server ? "@^server-product-environment\n" : "@^minimal-environment\n");
        Set<String> packages = new LinkedHashSet<>(List.of("qemu-guest-agent", "curl"));
        packages.addAll(m.packages());
        for (String p : packages) {
            k.append(p).append('\n');
        }
        k.append("%end\n");

        k.append("\n%pre --log=/tmp/strata-pre.log\n");
        k.append("curl -fsS -o /dev/null '").append(m.callback("installing")).append("' || true\n");
        k.append("%end\n");

        k.append("\n%post --log=/root/strata-post.log\n");
        k.append("curl -fsS -o /dev/null '").append(m.callback("installed")).append("' || true\n");
        k.append("%end\n");
        return k.toString();
    }

    /** What anaconda needs on its kernel line: the kickstart, the tree, text mode, and the first interface's IP. */
    static String kernelArguments(MachineParams m, String treeUrl, String kickstartUrl) {
        List<String> a = new ArrayList<>();
        a.add("inst.ks=" + kickstartUrl);
        a.add("inst.repo=" + treeUrl);
        MachineParams.Nic nic = m.nics().get(0);
        if (nic.dhcp()) {
            a.add("ip=dhcp");
        } else {
            // dracut names the interface by its MAC (ifname=), then configures it: ip=IP::GW:MASK:HOST:IFACE:none
            a.add("ifname=bootnet:" + nic.mac());
            a.add("ip=" + ip(nic) + "::" + (nic.gateway() == null ? "" : nic.gateway()) + ":" + netmask(nic) + ":"
                    + m.hostname() + ":bootnet:none");
            for (String dns : nic.dns()) {
                a.add("nameserver=" + dns);
            }
        }
        a.add("inst.text");
        return String.join(" ", a);
    }

    private static String keymap(MachineParams m) {
        String keymap = m.extra().getOrDefault("keymap", "us");
        if (!KEYMAP.matcher(keymap).matches()) {
            throw new DriverException(Fault.INVALID, "keymap must be an X keyboard layout such as us or de: " + keymap);
        }
        return keymap;
    }

    /** A double-quoted kickstart word ({@code shlex} rules: backslash escapes {@code "} and {@code \}). */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String ip(MachineParams.Nic nic) {
        return nic.address().substring(0, nic.address().indexOf('/'));
    }

    static String netmask(MachineParams.Nic nic) {
        int prefix = Integer.parseInt(nic.address().substring(nic.address().indexOf('/') + 1));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return ((mask >> 24) & 255) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }
}

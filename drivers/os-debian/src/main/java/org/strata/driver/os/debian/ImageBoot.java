package org.strata.driver.os.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.ImageRoot;
import org.strata.spi.os.MachineParams;

/**
 * The kernel command line of a Debian image booted from the network (initramfs-tools, open-iscsi's initramfs
 * scripts, cloud-init), one per kind of root:
 *
 * <ul>
 *   <li>an iSCSI LUN: the initramfs logs in to the LUNs the firmware's iBFT table names (the boot service's
 *       {@code sanhook} fills it; the image's {@code /etc/iscsi/iscsi.initramfs} says {@code ISCSI_AUTO=true}), and
 *       the root is named by its udev path, target and LUN: every clone of an image has the same label and UUID;
 *   <li>NFS: initramfs-tools' own NFS root ({@code root=/dev/nfs}, klibc's nfsmount: NFSv3 over TCP, its ports
 *       from the server's portmapper), with {@code strata.overlay=tmpfs}, which images made by Strata's golden-image
 *       builder understand: the root is an overlay of the export, remounted read-only, and a tmpfs that takes the
 *       writes, so that many machines boot one export.
 * </ul>
 *
 * cloud-init finds its NoCloud seed in {@code ds=nocloud-net;s=URL} on the command line, or in the SMBIOS system
 * serial number of a VM that boots its own disk (image deploy): {@link #seed}.
 */
final class ImageBoot {

    /** What may be the seed URL on a kernel command line: one word, no quotes, a folder. */
    private static final Pattern SEED_URL = Pattern.compile("https?://[^\\s\"'`\\\\<>;]+/");

    private ImageBoot() {}

    /** What tells cloud-init where its NoCloud seed is, on the kernel command line or as the SMBIOS serial. */
    static String seed(String seedUrl) {
        if (seedUrl == null || !SEED_URL.matcher(seedUrl).matches() || seedUrl.length() > 230) {
            throw new DriverException(
                    Fault.INVALID,
                    "the seed URL must be an http(s) folder URL (ending in '/') without spaces or quotes, at most 230"
                            + " characters");
        }
        return "ds=nocloud-net;s=" + seedUrl;
    }

    static String arguments(ImageRoot root, MachineParams machine, String seedUrl) {
        String seed = seed(seedUrl);
        List<String> a = new ArrayList<>();
        if (root instanceof ImageRoot.Iscsi lun) {
            a.add("root=/dev/disk/by-path/ip-" + lun.portal() + ":" + lun.port() + "-iscsi-" + lun.target() + "-lun-"
                    + lun.lun() + (lun.partition() == 0 ? "" : "-part" + lun.partition()));
            a.add("rw");
        } else if (root instanceof ImageRoot.Nfs nfs) {
            a.add("root=/dev/nfs");
            a.add("nfsroot=" + nfs.server() + ":" + nfs.path() + ",tcp,nfsvers=3");
            a.add("ip=dhcp");
            a.add("rw");
            a.add("strata.overlay=tmpfs");
        } else {
            throw new DriverException(Fault.UNSUPPORTED, "a root the Debian driver does not know: " + root);
        }
        a.add(seed);
        Preseed.console(machine).ifPresent(c -> a.add("console=" + c));
        return String.join(" ", a);
    }
}

package org.strata.driver.os.rhel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.ImageRoot;

/**
 * The kernel command line of a RHEL-family 9 image booted from the network, in dracut's words
 * ({@code dracut.cmdline(7)}) and systemd's; cloud-init finds its seed as on Debian. UNTESTED on a real RHEL-family
 * image here (none can be built from the registries this project reaches; docs/os-drivers.md): written from the
 * documentation, and checked against it by RhelFilesTest only.
 *
 * <ul>
 *   <li>an iSCSI LUN: {@code rd.iscsi.firmware=1} logs in to what the firmware's iBFT table names (iPXE's
 *       {@code sanhook} fills it), {@code ip=ibft} takes the network from it; the root by its udev path, target and
 *       LUN, since every clone has the image's label;
 *   <li>NFS: dracut's {@code root=nfs:SERVER:PATH:OPTIONS}, read-only, with {@code systemd.volatile=overlay} (the
 *       root an overlay whose writes stay in memory), so that many machines boot one export.
 * </ul>
 */
final class ImageBoot {

    private static final Pattern SEED_URL = Pattern.compile("https?://[^\\s\"'`\\\\<>;]+/");

    private ImageBoot() {}

    static String seed(String seedUrl) {
        if (seedUrl == null || !SEED_URL.matcher(seedUrl).matches() || seedUrl.length() > 230) {
            throw new DriverException(
                    Fault.INVALID,
                    "the seed URL must be an http(s) folder URL (ending in '/') without spaces or quotes, at most 230"
                            + " characters");
        }
        return "ds=nocloud-net;s=" + seedUrl;
    }

    static String arguments(ImageRoot root, String seedUrl) {
        String seed = seed(seedUrl);
        List<String> a = new ArrayList<>();
        if (root instanceof ImageRoot.Iscsi lun) {
            a.add("rd.iscsi.firmware=1");
            a.add("ip=ibft");
            a.add("root=/dev/disk/by-path/ip-" + lun.portal() + ":" + lun.port() + "-iscsi-" + lun.target() + "-lun-"
                    + lun.lun() + (lun.partition() == 0 ? "" : "-part" + lun.partition()));
            a.add("rw");
        } else if (root instanceof ImageRoot.Nfs nfs) {
            a.add("root=nfs:" + nfs.server() + ":" + nfs.path() + ":vers=3,tcp");
            a.add("ip=dhcp");
            a.add("ro");
            a.add("systemd.volatile=overlay");
        } else {
            throw new DriverException(Fault.UNSUPPORTED, "a root the RHEL driver does not know: " + root);
        }
        a.add(seed);
        return String.join(" ", a);
    }
}

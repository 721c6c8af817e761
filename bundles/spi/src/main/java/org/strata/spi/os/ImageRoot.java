package org.strata.spi.os;

import java.util.Objects;

/**
 * Where the root file system of a deployed image is, as the image's own kernel, booted from the network, must find it
 * ({@link OsFamilyDriver#imageBoot}, since 2.1): SAN boot and NAS boot. Addresses are as the machine reaches them. An
 * image is a whole disk whose root file system is on a partition of its own ({@code partition}, from 1; 0 for a disk
 * without a partition table), as cloud images and Strata's golden image are.
 */
public sealed interface ImageRoot {

    /**
     * LUN {@code lun} of iSCSI target {@code target} at {@code portal}:{@code port}: SAN boot, the machine's own LUN
     * cloned from the image. Other LUNs of the target (the image, other machines' clones) carry the same file-system
     * label: the root must be named by its path (target and LUN), never by label or UUID.
     */
    record Iscsi(String portal, int port, String target, int lun, int partition) implements ImageRoot {
        public Iscsi {
            checkHost(portal);
            checkPort(port);
            if (target == null || !target.matches("(iqn|eui|naa)\\.[A-Za-z0-9.:_-]{1,220}")) {
                throw new IllegalArgumentException("not an iSCSI target name: " + target);
            }
            if (lun < 0 || lun > 16383) {
                throw new IllegalArgumentException("a LUN is 0 to 16383, not " + lun);
            }
            checkPartition(partition);
        }
    }

    /**
     * A folder exported over NFSv3 holding the image's root file system: NAS boot. Many machines may boot one image,
     * so the OS keeps its writes in memory and leaves the export as it is. The server's portmapper (port 111) tells
     * its ports: the initramfs NFS clients of Linux distributions take no port options.
     */
    record Nfs(String server, String path) implements ImageRoot {
        public Nfs {
            checkHost(server);
            if (path == null || !path.matches("/[A-Za-z0-9._/-]{0,1000}") || path.contains("..")) {
                throw new IllegalArgumentException("an NFS path is absolute, without '..' or spaces: " + path);
            }
        }
    }

    private static void checkHost(String host) {
        Objects.requireNonNull(host, "an address");
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
            throw new IllegalArgumentException("not a host name or IPv4 address: " + host);
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
        }
    }

    private static void checkPartition(int partition) {
        if (partition < 0 || partition > 128) {
            throw new IllegalArgumentException("a partition is 0 (none) to 128, not " + partition);
        }
    }
}

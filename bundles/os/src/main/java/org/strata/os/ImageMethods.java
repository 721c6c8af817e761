package org.strata.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.os.OsImage;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.repository.OsStore;
import org.strata.spi.os.ImageRoot;

/**
 * The three methods that start from a golden image (docs/os.md, "Image methods"). Image deploy clones the image to a
 * VM's disk, which the VM boots as it is, and hands the OS its personalization through the VM's SMBIOS serial number
 * (the OS driver says what to write there). SAN boot and NAS boot boot the image's own kernel and initrd from the
 * boot service at every boot, with the OS driver's command line (its root: a LUN cloned from the image, or the
 * image's NFS export shared read-only; its personalization).
 */
final class ImageMethods {

    /** A volume path of the iSCSI driver: {@code iscsi://[USER@]PORTAL[:PORT]/IQN/LUN}. */
    private static final Pattern ISCSI =
            Pattern.compile("iscsi://(?:[^@/]+@)?([A-Za-z0-9.-]+)(?::(\\d{1,5}))?/([^/]+)/(\\d{1,5})");
    /** An NFS root: {@code SERVER:/PATH}. */
    private static final Pattern NFS = Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]*):(/[A-Za-z0-9._/-]*)");
    /** Images are whole disks with their root file system on the first partition (as cloud images are). */
    static final int ROOT_PARTITION = 1;

    private final OsStore store;
    private final StorageService storage;
    private final String loopbackAs;

    ImageMethods(OsStore store, StorageService storage, String loopbackAs) {
        this.store = store;
        this.storage = storage;
        this.loopbackAs = loopbackAs;
    }

    /** The image a provisioning by an image method names, checked against the method and the target. */
    OsImage check(ProvisionRequest request, OsDrivers.Resolved r, VirtualMachine vm) {
        if (request.imageId() == null) {
            throw StrataException.invalid(request.method() + " names its golden image (imageId)");
        }
        OsImage image = store.image(request.imageId())
                .orElseThrow(() -> StrataException.invalid("no OS image " + request.imageId()));
        if (!image.profileId().equals(r.profile().id())) {
            throw StrataException.invalid("image '" + image.name() + "' is of profile " + image.profileId() + ", not "
                    + r.profile().id());
        }
        if (request.method() == ProvisioningMethod.IMAGE_DEPLOY) {
            if (vm == null) {
                throw StrataException.invalid("IMAGE_DEPLOY writes a VM's disk; a machine is provisioned from an"
                        + " image by SAN_BOOT or NAS_BOOT, or installed by NETWORK_INSTALL");
            }
            volume(image);
            return image;
        }
        if (image.kernel() == null || image.initrd() == null) {
            throw StrataException.invalid("image '" + image.name() + "' has no kernel and initrd registered: the image"
                    + " methods boot the image's own kernel from the network (docs/os.md)");
        }
        for (String file : new String[] {image.kernel(), image.initrd()}) {
            if (!Files.isReadable(Path.of(file))) {
                throw new StrataException(
                        ErrorCode.CONFLICT,
                        "image '" + image.name() + "': cannot read " + file + " on this Strata node");
            }
        }
        if (request.method() == ProvisioningMethod.SAN_BOOT) {
            iscsi(volume(image).path(), image);
        } else {
            nfs(image);
        }
        return image;
    }

    /** The root SAN or NAS boot's command line is checked with before there is a clone: the image's own. */
    ImageRoot sampleRoot(ProvisioningMethod method, OsImage image) {
        return method == ProvisioningMethod.SAN_BOOT ? iscsi(volume(image).path(), image) : nfs(image);
    }

    /** The root of a recorded SAN or NAS boot (its clone, or the export), as the machine reaches it. */
    ImageRoot root(OsStore.StoredProvisioning p, OsImage image) {
        return p.provisioning().method() == ProvisioningMethod.SAN_BOOT
                ? iscsi(clone(p, image).path(), image)
                : nfs(image);
    }

    /**
     * The iPXE line that attaches a SAN boot's LUN before its kernel boots: iPXE then describes the LUN in the iBFT
     * table, from which the image's initramfs logs in to it.
     */
    Optional<String> sanhook(ImageRoot root) {
        if (root instanceof ImageRoot.Iscsi lun) {
            return Optional.of(
                    "sanhook iscsi:" + lun.portal() + "::" + lun.port() + ":" + lun.lun() + ":" + lun.target());
        }
        return Optional.empty();
    }

    /** The volume a provisioning clones its image to: on the image's pool, named after the provisioning. */
    static String cloneName(String provisioningId) {
        return "os-" + provisioningId;
    }

    Volume clone(OsStore.StoredProvisioning p, OsImage image) {
        return storage.volume(
                image.storageHostId(), image.pool(), cloneName(p.provisioning().id()));
    }

    /** The VM's disk an image deploy writes: its first disk, else a new virtio disk {@code vda}. */
    static VmDisk targetDisk(VirtualMachine vm) {
        if (vm.spec() != null) {
            for (VmDisk d : vm.spec().disks()) {
                if (d.device() == null || d.device().equals("disk")) {
                    return d;
                }
            }
        }
        return new VmDisk("disk", null, null, "virtio", "vda", false);
    }

    private Volume volume(OsImage image) {
        if (image.storageHostId() == null) {
            throw StrataException.invalid("image '" + image.name() + "' is not a volume of a storage host");
        }
        try {
            return storage.volume(image.storageHostId(), image.pool(), image.volume());
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new StrataException(
                        ErrorCode.CONFLICT, "image '" + image.name() + "': its volume is gone: " + e.getMessage());
            }
            throw e;
        }
    }

    private ImageRoot.Iscsi iscsi(String path, OsImage image) {
        Matcher m = path == null ? null : ISCSI.matcher(path);
        if (m == null || !m.matches()) {
            throw StrataException.invalid("image '" + image.name() + "' is not on an iSCSI LUN (its volume is " + path
                    + "): SAN boot clones a LUN");
        }
        int port = m.group(2) == null ? 3260 : Integer.parseInt(m.group(2));
        return new ImageRoot.Iscsi(seen(m.group(1)), port, m.group(3), Integer.parseInt(m.group(4)), ROOT_PARTITION);
    }

    private ImageRoot.Nfs nfs(OsImage image) {
        Matcher m = image.nfsRoot() == null ? null : NFS.matcher(image.nfsRoot());
        if (m == null || !m.matches()) {
            throw StrataException.invalid("image '" + image.name() + "' has no NFS root (nfsRoot, SERVER:/PATH)");
        }
        return new ImageRoot.Nfs(seen(m.group(1)), m.group(2));
    }

    /** An address as the machines reach it: Strata's loopback is theirs to reach by another name. */
    private String seen(String address) {
        return address.equals("127.0.0.1") || address.equals("localhost") ? loopbackAs : address;
    }
}

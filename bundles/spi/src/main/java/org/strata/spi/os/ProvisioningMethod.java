package org.strata.spi.os;

/** How a machine gets its operating system (docs/os.md). */
public enum ProvisioningMethod {
    /** Network boot into the family's installer, which installs from an answer file, then boots the disk. */
    NETWORK_INSTALL,
    /** A golden image cloned to the machine's disk, personalized at its first boot. */
    IMAGE_DEPLOY,
    /** The machine boots over iSCSI from a LUN cloned from a golden image (no local disk). */
    SAN_BOOT,
    /** The machine boots a kernel and initrd over HTTP with its root file system on NFS. */
    NAS_BOOT
}

package org.strata.api.os;

/** How a machine gets its operating system (docs/os.md). */
public enum ProvisioningMethod {
    /** Network boot into the family's installer, which installs from Strata's answer file, then boots the disk. */
    NETWORK_INSTALL,
    /** A golden image cloned to the VM's disk and personalized by the OS at its first boot. */
    IMAGE_DEPLOY,
    /** The machine boots over iSCSI from a LUN cloned from a golden image. */
    SAN_BOOT,
    /** The machine boots a kernel and initrd over HTTP with its root file system on NFS. */
    NAS_BOOT
}

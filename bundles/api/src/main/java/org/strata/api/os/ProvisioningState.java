package org.strata.api.os;

/** Where a provisioning is; the last three are final. */
public enum ProvisioningState {
    /** Its files are being made and its machine set up to boot from Strata. */
    PREPARING,
    /** The machine is (re)started and network-boots or boots its new disk. */
    BOOTING,
    /** The installer called back: it runs. */
    INSTALLING,
    /** The installer called back: the OS is installed, the machine reboots into it. */
    INSTALLED,
    /** The provisioned OS called back: done. */
    BOOTED,
    FAILED,
    CANCELLED
}

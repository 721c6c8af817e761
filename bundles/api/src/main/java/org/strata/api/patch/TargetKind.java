package org.strata.api.patch;

/** What is scanned or patched. */
public enum TargetKind {
    /** A VM: read and patched through its agent while it runs, offline from its disk while it is stopped. */
    VM,
    /** A VM template: offline, as a stopped VM. */
    TEMPLATE,
    /** A golden image (of the OS layer): offline; patching leaves a new version of it. */
    IMAGE
}

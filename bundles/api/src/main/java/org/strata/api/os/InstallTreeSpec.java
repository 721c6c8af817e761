package org.strata.api.os;

/**
 * An install tree to serve: a folder on the Strata node with a family's network-boot files (Debian's netboot
 * installer, a RHEL DVD's tree, a Windows PE) that the boot service serves under {@code /boot/trees/{id}/}.
 *
 * @param name      unique among trees
 * @param profileId the profile it installs
 * @param path      the folder's absolute path on the Strata node
 */
public record InstallTreeSpec(String name, String profileId, String path) {}

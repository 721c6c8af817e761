package org.strata.api.os;

import java.util.List;
import java.util.Map;

/**
 * What to provision where.
 *
 * @param targetType    {@code vm} or {@code machine} (a bare-metal machine: a host of kind MACHINE, behind its BMC)
 * @param targetId      the VM's or the machine's id
 * @param profileId     the OS profile
 * @param method        how; the profile must support it
 * @param imageId       the golden image, for IMAGE_DEPLOY, SAN_BOOT and NAS_BOOT
 * @param installTreeId the install tree, for NETWORK_INSTALL
 * @param hostname      the OS's host name
 * @param domain        its DNS domain, or null
 * @param accounts      the accounts to create, the first its administrator
 * @param packages      extra packages
 * @param mirror        the package mirror the installer uses, or null for the family's default
 * @param extra         family-specific settings (see docs/os-drivers.md)
 * @param bootMac       the MAC address the machine network-boots from; null for a VM (its first NIC's). A machine's
 *                      BMC does not tell it, as Ironic's ports say it for Ironic's nodes
 */
public record ProvisionRequest(
        String targetType,
        String targetId,
        String profileId,
        ProvisioningMethod method,
        String imageId,
        String installTreeId,
        String hostname,
        String domain,
        List<OsAccount> accounts,
        List<String> packages,
        String mirror,
        Map<String, String> extra,
        String bootMac) {
    public ProvisionRequest {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        packages = packages == null ? List.of() : List.copyOf(packages);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}

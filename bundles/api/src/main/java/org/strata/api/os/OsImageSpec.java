package org.strata.api.os;

/**
 * A golden image to register: a volume of a storage host that holds a bootable disk of the profile's OS, and for NAS
 * boot its kernel, initrd and NFS root.
 *
 * @param name          unique among images
 * @param profileId     the OS profile it is an image of
 * @param storageHostId the storage host whose pool holds it (a libvirt storage pool, an iSCSI target, an NFS export)
 * @param pool          the pool on that host
 * @param volume        the volume in that pool
 * @param kernel        an absolute path on the Strata node to the image's kernel, for NAS boot; or null
 * @param initrd        an absolute path on the Strata node to the image's initrd, for NAS boot; or null
 * @param nfsRoot       the NFS export ({@code server:/path}) holding the image's root file system, for NAS boot; or null
 */
public record OsImageSpec(
        String name,
        String profileId,
        String storageHostId,
        String pool,
        String volume,
        String kernel,
        String initrd,
        String nfsRoot) {}

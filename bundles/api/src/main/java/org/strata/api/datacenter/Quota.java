package org.strata.api.datacenter;

/**
 * A tenant's quota: the most it may have in all its pools together. A null field is unlimited. VMs count whatever
 * their power state; storage is the sum of the VMs' disk sizes as their specs give them, in GiB.
 */
public record Quota(Integer vms, Integer cpus, Long memoryMb, Long storageGb) {

    public static final Quota UNLIMITED = new Quota(null, null, null, null);
}

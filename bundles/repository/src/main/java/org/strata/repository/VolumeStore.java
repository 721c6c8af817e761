package org.strata.repository;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmSpec;

/**
 * What Strata last saw of the storage hosts' volumes (since 1.9): the storage inventory by which quotas count the
 * storage of VMs, known without asking a driver. Observations, not configuration: no history. Each write is one
 * transaction.
 */
public interface VolumeStore {

    /** GiB, the unit of storage quotas. */
    long GIB = 1L << 30;

    /** A volume as a storage host last reported it. */
    record SeenVolume(String hostId, String pool, String name, String path, long capacityBytes) {}

    /** Replaces what is known of one pool of a storage host by this listing of it, all or nothing. */
    void recordPool(String hostId, String pool, List<SeenVolume> volumes);

    /** Records one volume: created, cloned, resized, imported or read. */
    void recordVolume(SeenVolume volume);

    /** Forgets one volume: deleted. */
    void forgetVolume(String hostId, String pool, String name);

    /**
     * The capacity in bytes of each of these paths that a storage host reported; the largest when several did (one
     * shared directory defined as a pool on two hosts). Paths nobody reported are absent.
     */
    Map<String, Long> capacities(Collection<String> paths);

    /** The volumes last seen at these paths (since 1.10): which storage host and pool hold a VM's disks. */
    List<SeenVolume> volumesAt(Collection<String> paths);

    /**
     * A storage pool seen by a cluster's hosts or by one host (since 1.10); exactly one of {@code clusterId} and
     * {@code hostId} is set.
     */
    record Attachment(String storageHostId, String pool, String clusterId, String hostId) {}

    /** The attachments of one pool, or of every pool of a storage host when {@code pool} is null. */
    List<Attachment> attachments(String storageHostId, String pool);

    /**
     * Attaches a pool. 409 when it is attached there already; 400 when the storage host, cluster or host does not
     * exist.
     */
    void attach(Attachment attachment);

    /** Detaches a pool; false when it was not attached there. */
    boolean detach(Attachment attachment);

    /**
     * Where each of these paths may be used (since 1.10): for a path on a pool with attachments, the pool and the
     * clusters and hosts it is attached to. A path on a pool without attachments, or on no known volume, is left out:
     * nothing constrains it.
     */
    Map<String, Seen> seenBy(Collection<String> paths);

    /**
     * Those of these paths that one host does not see (since 1.10): {@link #seenBy} with the host's cluster read once,
     * for a check about one destination (a migration, a start elsewhere, a linked clone).
     */
    Map<String, Seen> unseenBy(Collection<String> paths, String hostId);

    /**
     * The clusters (each of whose hosts sees the pool) and the single hosts one pool is attached to. Clusters stay
     * clusters, not their members: placement asks this once per decision, and a cluster of a thousand hosts would be a
     * thousand rows each time.
     */
    record Seen(String storageHostId, String pool, Set<String> clusterIds, Set<String> hostIds) {

        /** Whether a host, in this cluster (null for none), sees the pool. */
        public boolean sees(String hostId, String clusterId) {
            return hostIds.contains(hostId) || (clusterId != null && clusterIds.contains(clusterId));
        }
    }

    /**
     * The storage of these VMs as quotas count it, GiB: per VM, the capacities of its distinct disk sources (CD-ROMs
     * aside) summed and rounded up to a whole GiB; a source no storage host reported counts nothing. One read, however
     * many VMs.
     */
    default long storageGb(Collection<VmSpec> specs) {
        Set<String> all = new LinkedHashSet<>();
        for (VmSpec spec : specs) {
            all.addAll(diskSources(spec));
        }
        if (all.isEmpty()) {
            return 0;
        }
        Map<String, Long> capacities = capacities(all);
        long gib = 0;
        for (VmSpec spec : specs) {
            gib += storageGb(spec, capacities);
        }
        return gib;
    }

    /** One VM's storage as quotas count it, GiB; see {@link #storageGb(Collection)}. */
    default long storageGb(VmSpec spec) {
        return spec == null ? 0 : storageGb(List.of(spec));
    }

    /** One VM's storage from capacities already read, GiB. */
    static long storageGb(VmSpec spec, Map<String, Long> capacities) {
        long bytes = 0;
        for (String source : diskSources(spec)) {
            bytes += capacities.getOrDefault(source, 0L);
        }
        return (bytes + GIB - 1) / GIB;
    }

    /** The distinct sources of a VM's disks, CD-ROMs aside: what its storage is. */
    static Set<String> diskSources(VmSpec spec) {
        Set<String> sources = new LinkedHashSet<>();
        if (spec != null) {
            for (VmDisk d : spec.disks()) {
                if (d.source() != null && !"cdrom".equals(d.device())) {
                    sources.add(d.source());
                }
            }
        }
        return sources;
    }
}

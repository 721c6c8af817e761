package org.strata.datacenter.spi;

import java.util.Map;
import java.util.Set;

/**
 * The VM being placed.
 *
 * @param vmId         its id, or null for a VM not created yet
 * @param poolId       its pool, or null
 * @param tenantId     its pool's tenant, or null
 * @param labels       what a host must carry to take it
 * @param capabilities what the host's driver must be able to do (e.g. {@code VM_DEFINE} for a new VM,
 *                     {@code LIVE_MIGRATION} for a VM moving in)
 * @param policy       {@code spread} or {@code pack}: what the cluster's policy of the moment asks of the weighers
 */
public record PlacementRequest(
        String vmId,
        String vmName,
        String poolId,
        String tenantId,
        int cpus,
        long memoryMb,
        Map<String, String> labels,
        Set<String> capabilities,
        String policy) {

    public PlacementRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    public boolean packs() {
        return "pack".equals(policy);
    }
}

package org.strata.api.datacenter;

import java.time.Instant;

/**
 * A cluster: hypervisor hosts of one datacenter that share storage and networks, so that a VM can run on, and move
 * live between, any of them. Placement, balancing, power management and HA act within a cluster.
 *
 * @param policy            the policy that applies when the cluster's calendar names none: {@code balanced},
 *                          {@code performance} or {@code power-saving} (see {@link ClusterPolicy})
 * @param automation        {@code manual}: balancing and power management recommend, an admin applies;
 *                          {@code automatic}: they act
 * @param balancingLevel    1 (conservative: only large imbalances) to 5 (aggressive), as vSphere's threshold
 * @param maxMigrations     the most live migrations one balancing or consolidation round starts
 * @param minPoweredOnHosts power management never leaves fewer hosts powered on
 * @param cpuOvercommit     vCPUs that may be allocated per host CPU (allocation and reservations count against
 *                          host CPUs times this)
 * @param memoryOvercommit  MiB of VM memory that may be allocated per MiB of host memory
 */
public record Cluster(
        String id,
        String datacenterId,
        String name,
        String description,
        String policy,
        String automation,
        int balancingLevel,
        int maxMigrations,
        int minPoweredOnHosts,
        double cpuOvercommit,
        double memoryOvercommit,
        Instant created) {}

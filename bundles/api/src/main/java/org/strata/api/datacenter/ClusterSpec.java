package org.strata.api.datacenter;

/**
 * What a caller gives to create or change a cluster. Null fields take the default on create ({@code balanced},
 * {@code manual}, level 3, 4 migrations a round, 1 host kept on, CPU overcommit 4.0, memory 1.0) and keep the
 * cluster's value on a change. The datacenter cannot change.
 */
public record ClusterSpec(
        String datacenterId,
        String name,
        String description,
        String policy,
        String automation,
        Integer balancingLevel,
        Integer maxMigrations,
        Integer minPoweredOnHosts,
        Double cpuOvercommit,
        Double memoryOvercommit) {

    public static ClusterSpec named(String datacenterId, String name) {
        return new ClusterSpec(datacenterId, name, null, null, null, null, null, null, null, null);
    }
}

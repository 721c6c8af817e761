package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.strata.api.StrataException;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;

/**
 * A pool's allocation fields as the store writes them: defaults on create, what a change keeps, and the rules that
 * hold whatever the datacenter layer decides (a child runs on its parent's cluster and belongs to its parent's tenant;
 * amounts are not negative). Whether the pool tree can give a reservation is the datacenter layer's question
 * ({@code AdmissionControl.checkPool}), asked before the write.
 */
final class PoolRules {

    private PoolRules() {}

    static ResourcePool created(String id, PoolSpec spec, ResourcePool parent, Instant now) {
        return new ResourcePool(
                id,
                spec.datacenterId(),
                spec.parentId(),
                spec.name(),
                spec.description(),
                spec.cpuLimit(),
                spec.memoryLimitMb(),
                now,
                spec.clusterId() != null ? spec.clusterId() : parent == null ? null : parent.clusterId(),
                spec.tenantId() != null ? spec.tenantId() : parent == null ? null : parent.tenantId(),
                orElse(spec.cpuShares(), ResourcePool.NORMAL_SHARES),
                orElse(spec.memoryShares(), ResourcePool.NORMAL_SHARES),
                orElse(spec.cpuReservation(), 0),
                spec.memoryReservationMb() == null ? 0 : spec.memoryReservationMb(),
                spec.expandable() == null || spec.expandable());
    }

    static ResourcePool changed(ResourcePool before, PoolSpec spec, ResourcePool parent) {
        return new ResourcePool(
                before.id(),
                before.datacenterId(),
                spec.parentId(),
                spec.name(),
                spec.description(),
                spec.cpuLimit(),
                spec.memoryLimitMb(),
                before.created(),
                spec.clusterId() != null
                        ? spec.clusterId()
                        : parent != null && parent.clusterId() != null ? parent.clusterId() : before.clusterId(),
                spec.tenantId() != null
                        ? spec.tenantId()
                        : parent != null && parent.tenantId() != null ? parent.tenantId() : before.tenantId(),
                orElse(spec.cpuShares(), before.cpuShares()),
                orElse(spec.memoryShares(), before.memoryShares()),
                orElse(spec.cpuReservation(), before.cpuReservation()),
                spec.memoryReservationMb() == null ? before.memoryReservationMb() : spec.memoryReservationMb(),
                spec.expandable() == null ? before.expandable() : spec.expandable());
    }

    /** The rules on the written row, inside the write's transaction. */
    static void checkPlacement(Connection c, PoolDao pools, ResourcePool pool, ResourcePool parent)
            throws SQLException {
        if (pool.cpuShares() < 1 || pool.memoryShares() < 1) {
            throw StrataException.invalid("shares must be at least 1");
        }
        if (pool.cpuReservation() < 0 || pool.memoryReservationMb() < 0) {
            throw StrataException.invalid("a reservation cannot be negative");
        }
        if ((pool.cpuLimit() != null && pool.cpuLimit() < pool.cpuReservation())
                || (pool.memoryLimitMb() != null && pool.memoryLimitMb() < pool.memoryReservationMb())) {
            throw StrataException.invalid("a pool's limit cannot be below its reservation");
        }
        if (pool.clusterId() != null) {
            String datacenter = pools.clusterDatacenter(c, pool.clusterId())
                    .orElseThrow(() -> StrataException.invalid("cluster '" + pool.clusterId() + "' does not exist"));
            if (!datacenter.equals(pool.datacenterId())) {
                throw StrataException.invalid("cluster '" + pool.clusterId() + "' is in another datacenter");
            }
        }
        if (pool.tenantId() != null && !pools.tenantExists(c, pool.tenantId())) {
            throw StrataException.invalid("tenant '" + pool.tenantId() + "' does not exist");
        }
        if (parent != null) {
            if (parent.clusterId() != null && !parent.clusterId().equals(pool.clusterId())) {
                throw StrataException.invalid("pool '" + pool.name() + "' must run on its parent pool's cluster, as '"
                        + parent.name() + "' does");
            }
            if (parent.tenantId() != null && !parent.tenantId().equals(pool.tenantId())) {
                throw StrataException.invalid("pool '" + pool.name() + "' must belong to its parent pool's tenant, as '"
                        + parent.name() + "' does");
            }
        }
    }

    private static int orElse(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}

package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.DATACENTER;
import static org.strata.repository.jdbc.StoreRules.POOL;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.lockDatacenter;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.repository.DatacenterStore;

/**
 * Datacenters and their pools over JDBC. Each write is one transaction with its history entry; pool changes hold
 * the datacenter's row lock, which serializes the checks on the pool tree and on emptiness.
 */
final class JdbcDatacenterStore implements DatacenterStore {

    private final Transactions tx;
    private final DatacenterDao datacenters;
    private final PoolDao pools;
    private final HistoryDao history;

    JdbcDatacenterStore(Transactions tx, DatacenterDao datacenters, PoolDao pools, HistoryDao history) {
        this.tx = tx;
        this.datacenters = datacenters;
        this.pools = pools;
        this.history = history;
    }

    // ---- datacenters

    @Override
    public Page<Datacenter> datacenters(PageRequest page) {
        return tx.inTransaction("listing datacenters", c -> datacenters.page(c, page));
    }

    @Override
    public Optional<Datacenter> datacenter(String id) {
        return tx.inTransaction("reading a datacenter", c -> datacenters.find(c, id));
    }

    @Override
    public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
        require(spec.name(), "name");
        Datacenter created = new Datacenter(newId(), spec.name(), spec.description(), Rows.now());
        return tx.inTransaction("creating a datacenter", c -> {
            try {
                datacenters.insert(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a datacenter named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, DATACENTER, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("updating a datacenter", c -> {
            Datacenter before = datacenters.lock(c, id).orElseThrow(() -> StrataException.notFound(DATACENTER, id));
            Datacenter after = new Datacenter(id, spec.name(), spec.description(), before.created());
            try {
                datacenters.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a datacenter named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, DATACENTER, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteDatacenter(String id, String principal) {
        tx.inTransaction("deleting a datacenter", c -> {
            Datacenter before = datacenters.lock(c, id).orElseThrow(() -> StrataException.notFound(DATACENTER, id));
            if (datacenters.holdsAnything(c, id)) {
                throw StrataException.conflict("datacenter '" + before.name() + "' still holds pools or hosts");
            }
            datacenters.delete(c, id);
            history.record(c, principal, DATACENTER, id, Action.DELETE, before, null);
            return null;
        });
    }

    // ---- pools

    @Override
    public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
        return tx.inTransaction("listing pools", c -> pools.page(c, datacenterId, page));
    }

    @Override
    public java.util.List<ResourcePool> allPools() {
        return tx.inTransaction("listing pools", pools::all);
    }

    @Override
    public Optional<ResourcePool> pool(String id) {
        return tx.inTransaction("reading a pool", c -> pools.find(c, id));
    }

    @Override
    public ResourcePool createPool(PoolSpec spec, String principal) {
        require(spec.name(), "name");
        require(spec.datacenterId(), "datacenterId");
        return tx.inTransaction("creating a pool", c -> {
            lockDatacenter(c, datacenters, spec.datacenterId());
            ResourcePool parent = checkParent(c, spec.datacenterId(), spec.parentId());
            ResourcePool created = PoolRules.created(newId(), spec, parent, Rows.now());
            PoolRules.checkPlacement(c, pools, created, parent);
            try {
                pools.insert(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, siblingTaken(spec));
            }
            history.record(c, principal, POOL, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("updating a pool", c -> {
            ResourcePool before = pools.find(c, id).orElseThrow(() -> StrataException.notFound(POOL, id));
            if (spec.datacenterId() != null && !spec.datacenterId().equals(before.datacenterId())) {
                throw StrataException.invalid("a pool cannot move to another datacenter");
            }
            lockDatacenter(c, datacenters, before.datacenterId());
            ResourcePool parent = checkParent(c, before.datacenterId(), spec.parentId());
            refuseCycle(c, id, spec.parentId());
            ResourcePool after = PoolRules.changed(before, spec, parent);
            PoolRules.checkPlacement(c, pools, after, parent);
            try {
                pools.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, siblingTaken(spec));
            }
            history.record(c, principal, POOL, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deletePool(String id, String principal) {
        tx.inTransaction("deleting a pool", c -> {
            ResourcePool before = pools.find(c, id).orElseThrow(() -> StrataException.notFound(POOL, id));
            lockDatacenter(c, datacenters, before.datacenterId());
            if (pools.holdsAnything(c, id)) {
                throw StrataException.conflict("pool '" + before.name() + "' still holds pools, hosts or VMs");
            }
            pools.delete(c, id);
            history.record(c, principal, POOL, id, Action.DELETE, before, null);
            return null;
        });
    }

    private ResourcePool checkParent(Connection c, String datacenterId, String parentId) throws SQLException {
        if (parentId == null) {
            return null;
        }
        ResourcePool parent = pools.find(c, parentId)
                .orElseThrow(() -> StrataException.invalid("pool '" + parentId + "' does not exist"));
        if (!parent.datacenterId().equals(datacenterId)) {
            throw StrataException.invalid("parent pool '" + parent.name() + "' is in another datacenter");
        }
        return parent;
    }

    /** Walks up from the new parent; meeting the pool itself means the move would close a loop. */
    private void refuseCycle(Connection c, String poolId, String newParentId) throws SQLException {
        Set<String> seen = new HashSet<>();
        for (String at = newParentId; at != null; at = pools.parentOf(c, at).orElse(null)) {
            if (at.equals(poolId)) {
                throw StrataException.invalid("a pool cannot be placed under itself or one of its descendants");
            }
            if (!seen.add(at)) {
                break; // a loop that does not involve this pool: not ours to report, and must not hang us
            }
        }
    }

    private static String siblingTaken(PoolSpec spec) {
        return "a pool named '" + spec.name() + "' already exists "
                + (spec.parentId() == null ? "at the top of the datacenter" : "under that parent pool");
    }
}

package org.strata.repository;

import java.util.List;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;

/**
 * Datacenters and their resource pools: one aggregate, since a pool never leaves its datacenter.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface DatacenterStore {

    // Datacenters: names are unique.
    Page<Datacenter> datacenters(PageRequest page);

    Optional<Datacenter> datacenter(String id);

    Datacenter createDatacenter(DatacenterSpec spec, String principal);

    Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal);

    /** CONFLICT while it holds pools or hosts. */
    void deleteDatacenter(String id, String principal);

    // Pools: names are unique among siblings; the parent is in the same datacenter; no cycles.
    Page<ResourcePool> pools(String datacenterId, PageRequest page);

    Optional<ResourcePool> pool(String id);

    ResourcePool createPool(PoolSpec spec, String principal);

    /** The datacenter of a pool cannot change. */
    ResourcePool updatePool(String id, PoolSpec spec, String principal);

    /** CONFLICT while it holds child pools or hosts. */
    void deletePool(String id, String principal);

    /** Every pool of every datacenter, by name: what the datacenter layer builds its pool trees from. Since 1.7. */
    List<ResourcePool> allPools();
}

package org.strata.api.datacenter;

import java.util.List;

/** What resource pools hold: reserved, used and available, per pool and as trees. */
public interface AllocationService {

    /** The pool with its subtree. */
    PoolUsage usage(String poolId);

    /** Every top-level pool of the datacenter with its subtree. */
    List<PoolUsage> tree(String datacenterId);
}

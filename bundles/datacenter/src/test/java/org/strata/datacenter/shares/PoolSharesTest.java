package org.strata.datacenter.shares;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.Test;
import org.strata.api.inventory.ResourcePool;

public class PoolSharesTest {

    private static ResourcePool pool(String id, String parent, int cpuShares) {
        return new ResourcePool(
                id, "dc", parent, id, "", null, null, Instant.EPOCH, null, null, cpuShares, 4000, 0, 0, false);
    }

    @Test
    public void aNormalPoolLeavesTheWeightOfItsVmsAsTheHypervisorGivesIt() {
        PoolShares shares = new PoolShares(List.of(pool("p", null, 4000)));
        assertEquals(1.0, shares.factor("p"), 0.0);
        assertEquals(2048, shares.vmShares("p", 2));
    }

    @Test
    public void sharesMultiplyDownTheTree() {
        PoolShares shares =
                new PoolShares(List.of(pool("root", null, 8000), pool("mid", "root", 2000), pool("leaf", "mid", 8000)));
        assertEquals(2.0, shares.factor("root"), 1e-9);
        assertEquals(1.0, shares.factor("mid"), 1e-9);
        assertEquals(2.0, shares.factor("leaf"), 1e-9);
        assertEquals(2048, shares.vmShares("leaf", 1));
        assertEquals("a pool not known weighs as normal", 1024, shares.vmShares("gone", 1));
    }

    @Test
    public void theWeightStaysInTheRangeEveryHypervisorTakes() {
        PoolShares shares = new PoolShares(List.of(pool("high", null, 1_000_000), pool("low", null, 1)));
        assertEquals(PoolShares.MAX, shares.vmShares("high", 8));
        assertEquals(PoolShares.MIN, shares.vmShares("low", 1));
    }

    @Test
    public void aCycleInADamagedRepositoryEndsTheWalk() {
        PoolShares shares = new PoolShares(List.of(pool("a", "b", 8000), pool("b", "a", 8000)));
        assertEquals(4.0, shares.factor("a"), 1e-9);
    }
}

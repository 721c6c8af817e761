package org.strata.datacenter.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.inventory.ResourcePool;

/** vSphere's rules for pools, on a cluster of 32 vCPUs and 64 GiB: reservations, expansion, limits. */
public class PoolTreeTest {

    private static ResourcePool pool(
            String id,
            String parent,
            int cpuReservation,
            long memoryReservation,
            Integer cpuLimit,
            boolean expandable) {
        return new ResourcePool(
                id,
                "dc",
                parent,
                id,
                null,
                cpuLimit,
                null,
                Instant.EPOCH,
                "c",
                null,
                4000,
                4000,
                cpuReservation,
                memoryReservation,
                expandable);
    }

    private static PoolTree tree(List<ResourcePool> pools, Map<String, PoolTree.Held> held) {
        return new PoolTree("cluster 'c'", 32, 65536, pools, held, PoolTree.Held.NONE);
    }

    @Test
    public void aClaimWithinTheReservationIsAdmittedAndBeyondItIsBorrowedFromTheParentWhenExpandable() {
        PoolTree t = tree(
                List.of(pool("prod", null, 8, 8192, null, true), pool("fixed", null, 4, 4096, null, false)),
                Map.of("prod", new PoolTree.Held(6, 6144, 3, 3)));
        assertNull(t.refusal("prod", 2, 2048));
        // 2 left of its own, 16 more from the cluster: the cluster has 32 - 8 - 4 = 20 unreserved.
        assertNull(t.refusal("prod", 18, 2048));
        String why = t.refusal("prod", 23, 0);
        assertTrue(why, why.contains("pool 'prod'") && why.contains("cluster 'c' cannot give 21 vCPUs"));
        // A fixed reservation stops at itself, and says so.
        why = t.refusal("fixed", 5, 0);
        assertTrue(why, why.contains("pool 'fixed'") && why.contains("not expandable"));
        assertNull(t.refusal("fixed", 4, 4096));
    }

    @Test
    public void aLimitCapsThePoolWhateverItsParentCouldGive() {
        PoolTree t =
                tree(List.of(pool("capped", null, 0, 0, 10, true)), Map.of("capped", new PoolTree.Held(8, 0, 1, 1)));
        String why = t.refusal("capped", 4, 0);
        assertTrue(why, why.contains("pool 'capped'") && why.contains("its limit is 10"));
        assertNull(t.refusal("capped", 2, 0));
        assertEquals(2, t.usage("capped").cpu().available());
    }

    @Test
    public void aChildHoldsItsReservationFromItsParentAndOnlyGrowthIsChecked() {
        ResourcePool parent = pool("tenant", null, 16, 16384, null, false);
        ResourcePool child = pool("web", "tenant", 10, 0, null, true);
        PoolTree t = tree(List.of(parent, child), Map.of());
        // 16 reserved by the tenant, 10 of it held by web: a second child may reserve 6, not 7.
        assertNull(t.poolRefusal(null, "tenant", 6, 0));
        String why = t.poolRefusal(null, "tenant", 7, 0);
        assertTrue(why, why.contains("pool 'tenant'") && why.contains("not expandable"));
        // Growing web from 10 to 16 claims 6 more; to 17, 7.
        assertNull(t.poolRefusal("web", "tenant", 16, 0));
        assertTrue(t.poolRefusal("web", "tenant", 17, 0) != null);
        // At the top, the cluster's capacity is the bound: 32 vCPUs, 16 reserved by the tenant.
        assertNull(t.poolRefusal(null, null, 16, 0));
        assertTrue(t.poolRefusal(null, null, 17, 0).contains("cluster 'c'"));
    }

    @Test
    public void theTreeShowsReservedUsedAndAvailable() {
        ResourcePool parent = pool("tenant", null, 16, 16384, null, true);
        ResourcePool child = pool("web", "tenant", 4, 4096, null, true);
        PoolTree t = tree(List.of(parent, child), Map.of("web", new PoolTree.Held(6, 2048, 4, 3)));
        PoolUsage top = t.tree().get(0);
        assertEquals("tenant", top.name());
        assertEquals(16, top.cpu().reserved());
        assertEquals(6, top.cpu().used()); // web uses 6 (more than its 4 reserved)
        assertEquals(4096, top.memoryMb().used()); // web holds its 4096 reserved though it uses 2048
        assertEquals(4, top.vms());
        assertEquals(3, top.runningVms());
        // Available to one more VM of web: none of its own left (6 > 4), the tenant's 10 unused, and the cluster's 16.
        PoolUsage web = top.children().get(0);
        assertEquals(10 + 16, web.cpu().available());
    }
}

package org.strata.datacenter.allocation;

/**
 * Told by the {@link Ledger} when what a pool holds or how it is set may have changed (a claim's task ended, a pool's
 * settings were checked for a write), so that what follows pools on the hypervisors can catch up at once instead of
 * at its next round. Must return at once: the ledger calls it under its lock.
 */
public interface AllocationChanges {

    void changed(String poolId);
}

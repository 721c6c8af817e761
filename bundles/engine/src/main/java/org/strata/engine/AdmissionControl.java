package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.api.inventory.PoolSpec;

/**
 * Decides whether a VM change may take the resources it asks for: registered as an OSGi service by a layer (the
 * datacenter layer's quotas and pool allocation), asked by core before it submits the task, so that a refusal is the
 * request's answer (409) and not a failed task.
 *
 * <p>A claim admitted stays counted until core closes the {@link Admission} it got, when the task has ended and the
 * inventory shows the VM as changed (or the task failed): two requests racing for the last capacity cannot both be
 * admitted.
 */
@ConsumerType
public interface AdmissionControl {

    /**
     * Admits the claim or refuses it with a {@link org.strata.api.StrataException} (CONFLICT naming the pool or the
     * quota and what is missing; NOT_FOUND or INVALID for a pool that does not exist or does not fit the host).
     */
    Admission admit(VmClaim claim);

    /**
     * Checks a pool's new or changed allocation (reservation, limit, parent, cluster, tenant) against the pool tree; a
     * refusal is a {@link org.strata.api.StrataException}. {@code poolId} is null for a new pool.
     */
    void checkPool(String poolId, PoolSpec spec);

    /** A claim being counted; closing it twice is harmless. */
    interface Admission extends AutoCloseable {

        @Override
        void close();
    }
}

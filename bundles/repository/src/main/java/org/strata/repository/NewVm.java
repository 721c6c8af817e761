package org.strata.repository;

import org.strata.api.vm.VmOrigin;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/**
 * A VM to record with {@link ConfigRepository#createVms}: the arguments of {@link ConfigRepository#createVm} for
 * one VM of a host.
 *
 * @param managed true when Strata defined it, false when it was found on the host
 * @param poolId  the VM's resource pool, or null (since 1.7)
 * @param origin  what Strata cloned it from, or null (since 1.10)
 */
public record NewVm(
        String id, String hypervisorId, VmSpec spec, VmState state, boolean managed, String poolId, VmOrigin origin) {

    /** A VM that was not cloned. */
    public NewVm(String id, String hypervisorId, VmSpec spec, VmState state, boolean managed, String poolId) {
        this(id, hypervisorId, spec, state, managed, poolId, null);
    }

    /** A VM in no pool. */
    public NewVm(String id, String hypervisorId, VmSpec spec, VmState state, boolean managed) {
        this(id, hypervisorId, spec, state, managed, null);
    }
}

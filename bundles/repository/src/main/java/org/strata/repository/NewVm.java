package org.strata.repository;

import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/**
 * A VM to record with {@link ConfigRepository#createVms}: the arguments of {@link ConfigRepository#createVm} for
 * one VM of a host.
 *
 * @param managed true when Strata defined it, false when it was found on the host
 */
public record NewVm(String id, String hypervisorId, VmSpec spec, VmState state, boolean managed) {}

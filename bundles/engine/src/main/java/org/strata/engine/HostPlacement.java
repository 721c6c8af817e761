package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.api.vm.VmSpec;

/** Chooses a host for a new VM given without one: registered as an OSGi service by the datacenter layer. */
@ConsumerType
public interface HostPlacement {

    /**
     * The host the VM should be defined on, among those its pool's VMs may run on. A {@link
     * org.strata.api.StrataException} when none fits: CONFLICT saying why each host was refused (or that there is
     * none), INVALID when the request cannot be placed at all (no pool and no cluster to place it in).
     */
    String chooseHost(String poolId, VmSpec spec, String principal);
}

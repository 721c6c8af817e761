package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.api.vm.VirtualMachine;
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

    /**
     * Where a stopped VM is to start (since 1.3): null to start it where it is defined (the VM's host can take it, or
     * the layer does not manage it); otherwise another host of its cluster, of the same driver, that can, possibly
     * one in power management's standby (core's start task brings it back, moves the VM's definition there, and
     * starts it there). A {@link org.strata.api.StrataException} CONFLICT when no host of the cluster can take it,
     * saying why each was refused.
     */
    default String startHost(VirtualMachine vm, String principal) {
        return null;
    }
}

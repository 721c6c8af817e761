package org.strata.engine;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.api.vm.VirtualMachine;

/**
 * The lease a VM holds while it runs (docs/ha.md), registered by the datacenter layer: core adds it to the VM's
 * definition wherever it defines or redefines the VM, so that a second copy cannot start.
 */
@ConsumerType
public interface VmLeases {

    /** The lockspace (lease directory) of the VM's lease on {@code hostId}, or empty: no lease. */
    Optional<String> lockspace(VirtualMachine vm, String hostId);
}

package org.strata.spi.hypervisor;

import java.util.List;
import java.util.Set;
import org.strata.spi.Capability;

/**
 * What a hypervisor host reports about itself.
 *
 * @param numaCells   its NUMA topology (one cell on a non-NUMA host); empty when unknown
 * @param guestTypes  the kinds of guest it can run, in the driver's words ("kvm", "qemu", "xen-pv", "xen-hvm")
 * @param unavailable capabilities of the driver that this particular host lacks (no hardware
 *                    acceleration, no migration target), so that the platform refuses those requests up front
 */
public record HostFacts(
        String hostname,
        String hypervisor,
        String hypervisorVersion,
        String cpuModel,
        int cpus,
        long memoryBytes,
        List<NumaCell> numaCells,
        Set<String> guestTypes,
        Set<Capability> unavailable) {

    public HostFacts {
        numaCells = numaCells == null ? List.of() : List.copyOf(numaCells);
        guestTypes = guestTypes == null ? Set.of() : Set.copyOf(guestTypes);
        unavailable = unavailable == null ? Set.of() : Set.copyOf(unavailable);
    }

    /** The SPI 1.0 form: no topology, nothing unavailable. */
    public HostFacts(
            String hostname, String hypervisor, String hypervisorVersion, String cpuModel, int cpus, long memoryBytes) {
        this(hostname, hypervisor, hypervisorVersion, cpuModel, cpus, memoryBytes, List.of(), Set.of(), Set.of());
    }
}

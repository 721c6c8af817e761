package org.strata.spi.hypervisor;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;

/**
 * A connection to one hypervisor host. Virtual machines are named by the hypervisor's own stable id
 * (a UUID for libvirt and ESX). Methods throw {@link DriverException} only.
 *
 * <p>Optional operations have defaults that answer {@code UNSUPPORTED}; a driver that overrides one
 * also lists the matching capability in its descriptor.
 */
@ConsumerType
public interface HypervisorSession extends AutoCloseable {

    /** What the host is: name, hypervisor, CPUs, memory. */
    HostFacts facts();

    /** Every virtual machine the host knows, running or not. */
    List<VmInfo> listVms();

    /** One virtual machine; {@code NOT_FOUND} when the host has none with that id. */
    VmInfo vm(String vmId);

    /** Powers a VM on ({@code VM_POWER}). */
    default void start(String vmId) {
        throw DriverException.unsupported(getClass().getSimpleName(), "start");
    }

    /** Asks the guest to shut down ({@code VM_POWER}); returns once asked, not once off. */
    default void shutdown(String vmId) {
        throw DriverException.unsupported(getClass().getSimpleName(), "shutdown");
    }

    /** Cuts power at once ({@code VM_POWER}). */
    default void powerOff(String vmId) {
        throw DriverException.unsupported(getClass().getSimpleName(), "power off");
    }

    /** Releases the connection; must not throw. */
    @Override
    void close();
}

package org.strata.driver.demo;

import java.util.EnumSet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * The demo hypervisor: hosts and VMs held in memory by the driver, so that a new Strata installation has something
 * to manage, and to try every VM operation on (define, start, stop, suspend, devices, migrate between two demo hosts),
 * before any real host is added; nothing to install, no daemon, no root. It is also the worked example of the driver
 * guide: everything a hypervisor driver needs is in this package.
 *
 * <p>Why not libvirt's in-process test driver, as before: it keeps no state per host that survives a reconnect unless
 * every host is a file, and it cannot migrate, so two demo hosts could never exchange a VM. Held here, one state for
 * all demo hosts of the driver makes a migration a move under one lock.
 *
 * <p>Registering under both {@link Driver} and {@link HypervisorDriver} is what makes the platform find it (by
 * {@code Driver}) and know its contract (by the kind interface).
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class DemoHypervisorDriver implements HypervisorDriver {

    static final String ID = "demo";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.HYPERVISOR,
            "Strata",
            "0.2.0",
            "Demo hypervisor held in memory (demo://NAME): VMs to define, start, stop and migrate between demo hosts;"
                    + " they last as long as the driver runs",
            EnumSet.of(
                    Capability.VM_POWER,
                    Capability.VM_DEFINE,
                    Capability.VM_SUSPEND,
                    Capability.DEVICE_HOTPLUG,
                    Capability.VM_EVENTS,
                    Capability.LIVE_MIGRATION,
                    Capability.VM_SNAPSHOT,
                    Capability.VM_CLONE,
                    Capability.VM_STATISTICS,
                    Capability.HOST_STATISTICS,
                    Capability.GUEST_EXEC));

    /**
     * What the demo takes: the words of a QEMU host, which is what a newcomer would write for one. Kept apart from
     * the capabilities above, which change as the demo grows.
     */
    static final Vocabulary VOCABULARY = Vocabulary.ANY
            .withDiskFormats("raw", "qcow2")
            .withDiskBuses("virtio", "sata", "scsi", "ide")
            .withNicModels("virtio", "e1000", "rtl8139");

    private static final DriverDescriptor DESCRIBED = DESCRIPTOR.accepting(VOCABULARY);

    private final DemoCloud cloud = new DemoCloud();

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIBED;
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        return new DemoSession(cloud, cloud.host(DemoAddress.parse(endpoint.address())));
    }

    @Deactivate
    void stop() {
        cloud.close();
    }
}

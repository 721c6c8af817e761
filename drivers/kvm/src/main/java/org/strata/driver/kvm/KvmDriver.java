package org.strata.driver.kvm;

import java.util.EnumSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.libvirt.support.EventLoop;
import org.strata.libvirt.support.LibvirtConnector;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * QEMU/KVM hosts through libvirt: qemu:///system, qemu:///session, qemu+ssh|tcp|tls://host/system, and libvirt's
 * test driver (test:///...) for tests. Everything but the domain XML flavour lives in the shared libvirt support
 * bundle; taking its {@link EventLoop} in the constructor makes DS start the loop before the first connection.
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class KvmDriver implements HypervisorDriver {

    static final String ID = "kvm";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.HYPERVISOR,
            "Strata",
            "0.1.0",
            "QEMU/KVM through libvirt (qemu:///system, qemu+ssh://host/system); TCG where KVM is not offered",
            EnumSet.of(
                    Capability.VM_POWER,
                    Capability.VM_DEFINE,
                    Capability.VM_SUSPEND,
                    Capability.DEVICE_HOTPLUG,
                    Capability.CONSOLE,
                    Capability.RESOURCE_SETTINGS,
                    Capability.VM_STATISTICS,
                    Capability.HOST_STATISTICS,
                    Capability.VM_EVENTS,
                    Capability.LIVE_MIGRATION,
                    Capability.PCI_PASSTHROUGH,
                    Capability.VM_SNAPSHOT,
                    Capability.VM_LEASE),
            // What QEMU reads and emulates; its CD-ROMs go on SATA, and it has no Xen bus.
            Vocabulary.ANY
                    .withDiskFormats("raw", "qcow2", "vmdk")
                    .withDiskBuses("virtio", "sata", "scsi", "ide")
                    .withNicModels("virtio", "e1000", "e1000e", "rtl8139", "vmxnet3"));

    private final LibvirtConnector connector;

    @Activate
    public KvmDriver(@Reference EventLoop eventLoop) {
        this.connector = new LibvirtConnector(eventLoop, new KvmFlavour());
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        return connector.open(endpoint);
    }
}

package org.strata.driver.xen;

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
 * Xen hosts through libvirt's libxl driver: xen:///system, xen+ssh://host/system, and libvirt's test driver
 * (test:///...) for tests. PV and HVM guests; the domain XML flavour is {@link XenFlavour}.
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class XenDriver implements HypervisorDriver {

    static final String ID = "xen";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.HYPERVISOR,
            "Strata",
            "0.1.0",
            "Xen through libvirt's libxl driver (xen:///system, xen+ssh://host/system); PV and HVM guests",
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
                    Capability.PCI_PASSTHROUGH),
            // virtio is taken as the Xen bus (PV guests see only that); netfront is the PV card, e1000 and
            // rtl8139 what HVM guests get emulated.
            Vocabulary.ANY
                    .withDiskFormats("raw", "qcow2", "vmdk")
                    .withDiskBuses("virtio", "xen", "ide", "sata", "scsi")
                    .withNicModels("virtio", "netfront", "e1000", "rtl8139"));

    private final LibvirtConnector connector;

    @Activate
    public XenDriver(@Reference EventLoop eventLoop) {
        this.connector = new LibvirtConnector(eventLoop, new XenFlavour());
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

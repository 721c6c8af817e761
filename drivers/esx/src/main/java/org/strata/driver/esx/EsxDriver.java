package org.strata.driver.esx;

import java.util.EnumSet;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * VMware ESX hosts over the vSphere Web Services API (vim25), standalone ({@code esx://host/}) or managed by a
 * vCenter ({@code vpx://vcenter/DATACENTER/CLUSTER/host}); see {@link EsxAddress}. Its datastores are the
 * {@link EsxDatastoreDriver}'s.
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class EsxDriver implements HypervisorDriver {

    static final String ID = "esx";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.HYPERVISOR,
            "Strata",
            "0.1.0",
            "VMware ESX over the vSphere API: esx://host/ (standalone) or vpx://vcenter/DC/[CLUSTER/]host",
            EnumSet.of(
                    Capability.VM_POWER,
                    Capability.VM_DEFINE,
                    Capability.VM_SUSPEND,
                    Capability.DEVICE_HOTPLUG,
                    Capability.RESOURCE_SETTINGS,
                    Capability.VM_STATISTICS,
                    Capability.HOST_STATISTICS,
                    Capability.LIVE_MIGRATION,
                    Capability.VM_EVENTS,
                    Capability.VM_SNAPSHOT,
                    Capability.VM_CLONE),
            // ESX reads VMDK disks (a raw disk is its datastore path); virtio is its paravirtual SCSI controller
            // and vmxnet3 card, any other bus an LSI Logic SAS controller.
            Vocabulary.ANY
                    .withDiskFormats("raw", "vmdk")
                    .withDiskBuses("virtio", "scsi", "sata", "ide")
                    .withNicModels("virtio", "vmxnet3", "e1000", "e1000e"));

    private final EsxConnector connector = new EsxConnector();

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        EsxConnector.Connected c = connector.connect(endpoint);
        return new EsxSession(ID, c.address(), c.vim(), c.place());
    }
}

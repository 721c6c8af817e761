package org.strata.driver.kvm;

import java.util.EnumSet;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>Configuration ({@value #PID}): {@code acceleration} {@code auto} (default: KVM where the host offers it, else
 * TCG) or {@code tcg} (always QEMU's software emulation: for hosts whose {@code /dev/kvm} is there but cannot run a
 * guest's OS, as under some nested virtualisation, where a kernel boot hangs; libvirt's and virt-install's
 * {@code --virt-type qemu}). Anything else is taken as {@code auto}, with a warning.
 */
@Component(
        service = {Driver.class, HypervisorDriver.class},
        configurationPid = KvmDriver.PID)
public final class KvmDriver implements HypervisorDriver {

    static final String ID = "kvm";
    static final String PID = "org.strata.driver.kvm";
    private static final Logger LOG = LoggerFactory.getLogger(KvmDriver.class);

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
                    Capability.VM_LEASE,
                    Capability.GUEST_EXEC),
            // What QEMU reads and emulates; its CD-ROMs go on SATA, and it has no Xen bus.
            Vocabulary.ANY
                    .withDiskFormats("raw", "qcow2", "vmdk")
                    .withDiskBuses("virtio", "sata", "scsi", "ide")
                    .withNicModels("virtio", "e1000", "e1000e", "rtl8139", "vmxnet3"));

    private final LibvirtConnector connector;

    @Activate
    public KvmDriver(@Reference EventLoop eventLoop, Map<String, Object> properties) {
        this.connector = new LibvirtConnector(eventLoop, new KvmFlavour(softwareOnly(properties)));
    }

    /** For tests: KVM where offered. */
    public KvmDriver(EventLoop eventLoop) {
        this(eventLoop, Map.of());
    }

    private static boolean softwareOnly(Map<String, Object> properties) {
        Object value = properties == null ? null : properties.get("acceleration");
        String acceleration = value == null ? "auto" : value.toString().strip();
        if (!acceleration.equals("auto") && !acceleration.equals("tcg")) {
            LOG.warn("{}: acceleration '{}' is neither auto nor tcg; taken as auto", PID, acceleration);
        }
        return acceleration.equals("tcg");
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

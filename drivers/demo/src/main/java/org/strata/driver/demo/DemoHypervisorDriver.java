package org.strata.driver.demo;

import java.util.EnumSet;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * The demo hypervisor: libvirt's in-process test driver dressed as a hypervisor, so that a new Strata
 * installation has something to manage before any real host is added. It is also the worked example of
 * the driver guide: everything a hypervisor driver needs is in this package.
 *
 * <p>Registering under both {@link Driver} and {@link HypervisorDriver} is what makes the platform find
 * it (by {@code Driver}) and know its contract (by the kind interface).
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class DemoHypervisorDriver implements HypervisorDriver {

    static final String ID = "demo";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID, DriverKind.HYPERVISOR, "Strata", "0.1.0",
            "Demo hypervisor on libvirt's in-process test driver (test:///default or test:///path/host.xml)",
            EnumSet.of(Capability.VM_POWER));

    /**
     * What the demo takes: libvirt's test driver keeps any domain XML, so the words of a QEMU host, which is what a
     * newcomer would write for one. Kept apart from the capabilities above, which change as the demo grows.
     */
    static final Vocabulary VOCABULARY = Vocabulary.ANY.withDiskFormats("raw", "qcow2")
            .withDiskBuses("virtio", "sata", "scsi", "ide").withNicModels("virtio", "e1000", "rtl8139");

    /**
     * libvirt prints every error to stderr unless a callback takes it; the errors reach us as exceptions
     * anyway. One shared instance, because JNA must keep a callback reachable for as long as C may call it.
     */
    private static final ErrorCallback QUIET = new ErrorCallback();

    private static final DriverDescriptor DESCRIBED = DESCRIPTOR.accepting(VOCABULARY);

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIBED;
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        String uri = endpoint.address();
        // The test driver is the only thing this driver may reach: a qemu:// or xen:// address here would
        // silently manage a real hypervisor with a driver that claims to be a demo.
        if (!uri.startsWith("test:///")) {
            throw new DriverException(Fault.UNSUPPORTED,
                    "the demo driver only manages libvirt test URIs (test:///default), not '" + uri + "'");
        }
        try {
            Connect connect = new Connect(uri, false);
            connect.setConnectionErrorCallback(QUIET);
            return new DemoSession(ID, connect);
        } catch (LibvirtException e) {
            throw new DriverException(Fault.UNREACHABLE, "cannot open " + uri + ": " + Reasons.of(e), e);
        } catch (UnsatisfiedLinkError e) {
            throw new DriverException(Fault.DRIVER_FAILURE,
                    "libvirt is not installed on this machine (Debian package libvirt0)", e);
        }
    }
}

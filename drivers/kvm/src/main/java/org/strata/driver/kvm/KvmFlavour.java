package org.strata.driver.kvm;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.strata.libvirt.support.DomainFlavour;
import org.strata.libvirt.support.HostCapabilities;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.VmSpec.GuestMode;

/** QEMU/KVM domain XML: full virtualisation only, virtio devices, hardware acceleration where offered. */
final class KvmFlavour implements DomainFlavour {

    private static final Set<String> REMOTE = Set.of("qemu+ssh", "qemu+tcp", "qemu+tls");
    private static final Set<String> PATHS = Set.of("/system", "/session");

    private final boolean softwareOnly;

    /** KVM where the host offers it. */
    KvmFlavour() {
        this(false);
    }

    /** @param softwareOnly TCG even where the host offers KVM (the driver's {@code acceleration=tcg}) */
    KvmFlavour(boolean softwareOnly) {
        this.softwareOnly = softwareOnly;
    }

    @Override
    public String driverId() {
        return KvmDriver.ID;
    }

    @Override
    public boolean accepts(URI uri) {
        String scheme = uri.getScheme();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if ("test".equals(scheme)) {
            // test:///default or test:///path/host.xml: libvirt's in-process simulator, never a remote one
            return uri.getHost() == null && !path.isEmpty();
        }
        if ("qemu".equals(scheme)) {
            return uri.getHost() == null && PATHS.contains(path);
        }
        return REMOTE.contains(scheme) && uri.getHost() != null && PATHS.contains(path);
    }

    @Override
    public Set<GuestMode> guestModes() {
        return Set.of(GuestMode.HVM);
    }

    /**
     * 'kvm' where the host offers it for its own architecture, else 'qemu' (TCG, slower but always there); always
     * 'qemu' when the driver is set to software only.
     */
    @Override
    public String domainType(HostCapabilities host, GuestMode mode) {
        return !softwareOnly && host.offers("hvm", host.arch(), "kvm") ? "kvm" : "qemu";
    }

    @Override
    public String osType(GuestMode mode) {
        return "hvm";
    }

    /** QEMU has no Xen bus, and virtio-blk cannot hold removable media: CD-ROMs go on SATA. */
    @Override
    public DiskSpec.Bus diskBus(DiskSpec.Bus requested, DiskSpec.Device device, GuestMode mode) {
        if (requested == DiskSpec.Bus.XEN) {
            return DiskSpec.Bus.VIRTIO;
        }
        if (device == DiskSpec.Device.CDROM && requested == DiskSpec.Bus.VIRTIO) {
            return DiskSpec.Bus.SATA;
        }
        return requested;
    }

    /** QEMU's driver hands leases to the lock manager configured in qemu.conf ({@code lock_manager = "lockd"}). */
    @Override
    public boolean leases() {
        return true;
    }

    /** QEMU's guest agent: every VM gets its channel, and guest information is asked of it. */
    @Override
    public boolean guestAgent() {
        return true;
    }

    @Override
    public boolean smbiosSerial() {
        return true;
    }

    @Override
    public String defaultNicModel(GuestMode mode) {
        return "virtio";
    }

    @Override
    public Set<String> guestTypes(HostCapabilities host) {
        Set<String> types = new LinkedHashSet<>();
        if (host.offers("hvm", null, "kvm")) {
            types.add("kvm");
        }
        if (host.offers("hvm", null, "qemu") || host.offers("hvm", null, "test")) {
            // the test driver runs whatever it is given; a KVM driver defines 'qemu' domains there
            types.add("qemu");
        }
        return types;
    }
}

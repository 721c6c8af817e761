package org.strata.driver.xen;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.strata.libvirt.support.DomainFlavour;
import org.strata.libvirt.support.HostCapabilities;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.VmSpec.GuestMode;

/**
 * Xen (libvirt's libxl driver) domain XML. PV guests boot through pygrub, which reads the kernel and initrd from
 * the guest's own disk: the neutral spec carries no kernel path, and pygrub keeps PV guests updatable from inside.
 * PV guests see only Xen devices (xvdX disks on the 'xen' bus, netfront NICs, a 'xen' console); HVM guests get
 * xvdX disks too (PV drivers with emulated fallback), IDE CD-ROMs and e1000 NICs unless the spec names a model.
 */
final class XenFlavour implements DomainFlavour {

    @Override
    public String driverId() {
        return XenDriver.ID;
    }

    @Override
    public boolean accepts(URI uri) {
        String scheme = uri.getScheme();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if ("test".equals(scheme)) {
            return uri.getHost() == null && !path.isEmpty();
        }
        if ("xen".equals(scheme)) {
            return uri.getHost() == null && (path.equals("/system") || path.equals("/"));
        }
        return "xen+ssh".equals(scheme) && uri.getHost() != null && (path.equals("/system") || path.equals("/"));
    }

    @Override
    public Set<GuestMode> guestModes() {
        return Set.of(GuestMode.HVM, GuestMode.PV);
    }

    @Override
    public String domainType(HostCapabilities host, GuestMode mode) {
        return "xen";
    }

    /** libvirt reports PV guests as os type 'xen' (and accepts 'linux' as its old name). */
    @Override
    public String osType(GuestMode mode) {
        return mode == GuestMode.PV ? "xen" : "hvm";
    }

    @Override
    public DiskSpec.Bus diskBus(DiskSpec.Bus requested, DiskSpec.Device device, GuestMode mode) {
        if (mode == GuestMode.PV) {
            return DiskSpec.Bus.XEN;
        }
        if (device == DiskSpec.Device.CDROM) {
            return DiskSpec.Bus.IDE;
        }
        return switch (requested) {
            case VIRTIO, XEN -> DiskSpec.Bus.XEN;
            case SATA, IDE -> DiskSpec.Bus.IDE;
            case SCSI -> DiskSpec.Bus.SCSI;
        };
    }

    @Override
    public String defaultNicModel(GuestMode mode) {
        return mode == GuestMode.PV ? "netfront" : "e1000";
    }

    @Override
    public String macPrefix() {
        return "00:16:3e";
    }

    @Override
    public String bootloader(GuestMode mode) {
        return mode == GuestMode.PV ? "pygrub" : null;
    }

    @Override
    public String consoleTargetType(GuestMode mode) {
        return mode == GuestMode.PV ? "xen" : "serial";
    }

    @Override
    public boolean serialDevice(GuestMode mode) {
        return mode == GuestMode.HVM;
    }

    /**
     * Xen's credit scheduler: shares are its {@code weight} (1..65535), and the limit its {@code cap}, in percent
     * of one host CPU for the whole domain, so the per-vCPU limit is multiplied by the vCPUs.
     */
    @Override
    public List<SchedulerParameter> cpuParameters(Integer shares, Integer limitPercent, int vcpus) {
        List<SchedulerParameter> result = new ArrayList<>();
        if (shares != null) {
            if (shares > 65_535) {
                throw new DriverException(Fault.UNSUPPORTED, "Xen CPU weights go up to 65535, not " + shares);
            }
            result.add(new SchedulerParameter("weight", SchedulerParameter.Type.UINT, shares));
        }
        if (limitPercent != null) {
            result.add(new SchedulerParameter("cap", SchedulerParameter.Type.UINT, (long) limitPercent * vcpus));
        }
        return result;
    }

    @Override
    public Set<String> guestTypes(HostCapabilities host) {
        Set<String> types = new LinkedHashSet<>();
        if (host.offersOsType("xen") || host.offersOsType("linux")) {
            types.add("xen-pv");
        }
        if (host.offersOsType("hvm")) {
            types.add("xen-hvm");
        }
        return types;
    }
}

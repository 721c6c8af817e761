package org.strata.libvirt.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.VmSpec.GuestMode;

/**
 * What differs between libvirt hypervisors, as a driver tells the shared session: which URIs it manages and
 * how its domain XML looks. Everything else (lifecycle, devices, statistics, events, migration) is the same
 * libvirt API and lives in {@link LibvirtConnector}'s session. Implementations are immutable.
 */
@ConsumerType
public interface DomainFlavour {

    /** The driver's id, for messages ("kvm"). */
    String driverId();

    /** Whether this driver manages that libvirt URI; the connector refuses others before opening anything. */
    boolean accepts(URI uri);

    /** The guest modes this hypervisor runs; others are refused with {@code UNSUPPORTED}. */
    Set<GuestMode> guestModes();

    /** The {@code <domain type=...>} for a new VM on a host with these capabilities. */
    String domainType(HostCapabilities host, GuestMode mode);

    /** The {@code <os><type>} for a guest mode ("hvm", "xen"). */
    String osType(GuestMode mode);

    /** The guest mode that an {@code <os><type>} read back from the host means. */
    default GuestMode guestMode(String osType) {
        return "hvm".equals(osType) ? GuestMode.HVM : GuestMode.PV;
    }

    /** The bus a disk gets: the requested one where the hypervisor offers it, else its nearest equivalent. */
    DiskSpec.Bus diskBus(DiskSpec.Bus requested, DiskSpec.Device device, GuestMode mode);

    /** The NIC model when the spec names none ("virtio", "netfront"). */
    String defaultNicModel(GuestMode mode);

    /** The vendor prefix of MAC addresses the session picks ("52:54:00" is QEMU's, "00:16:3e" Xen's). */
    default String macPrefix() {
        return "52:54:00";
    }

    /**
     * Whether domains of this hypervisor may hold a {@code <lease>} (libvirt's lock manager, lockd); a spec with a
     * lease is UNSUPPORTED where not.
     */
    default boolean leases() {
        return false;
    }

    /**
     * Whether domains of this hypervisor report a serial number of their own through SMBIOS ({@code <sysinfo>},
     * since 1.2); a spec with one is UNSUPPORTED where not.
     */
    default boolean smbiosSerial() {
        return false;
    }

    /**
     * Whether this hypervisor's guests talk to QEMU's guest agent (since 1.2): every VM defined then gets the agent's
     * channel ({@code <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>}, as virt-install
     * gives by default), and {@link org.strata.spi.hypervisor.HypervisorSession#guestInfo} asks the agent through
     * libvirt; where not, that is {@code UNSUPPORTED}.
     */
    default boolean guestAgent() {
        return false;
    }

    /** The {@code <bootloader>} for a guest mode, or null for none (firmware boot). */
    default String bootloader(GuestMode mode) {
        return null;
    }

    /** The {@code <driver name=...>} of file-backed disks. */
    default String diskDriverName() {
        return "qemu";
    }

    /** The {@code <console><target type=...>} of the serial console ("serial", or "xen" for Xen PV). */
    default String consoleTargetType(GuestMode mode) {
        return "serial";
    }

    /** Whether a serial console is a {@code <serial>} device (false: only a {@code <console>}, as Xen PV has). */
    default boolean serialDevice(GuestMode mode) {
        return true;
    }

    /** The kinds of guest the host runs, in the driver's words ("kvm", "qemu", "xen-pv", "xen-hvm"). */
    Set<String> guestTypes(HostCapabilities host);

    /**
     * The scheduler parameters that apply CPU shares and a CPU limit (percent of one host CPU per vCPU) to a
     * running domain; null arguments are left out. The default is QEMU's cgroup scheduler: {@code cpu_shares},
     * and {@code vcpu_quota} over a {@code vcpu_period} of 100 ms.
     */
    default List<SchedulerParameter> cpuParameters(Integer shares, Integer limitPercent, int vcpus) {
        List<SchedulerParameter> result = new ArrayList<>();
        if (shares != null) {
            result.add(new SchedulerParameter("cpu_shares", SchedulerParameter.Type.ULLONG, shares));
        }
        if (limitPercent != null) {
            result.add(
                    new SchedulerParameter("vcpu_period", SchedulerParameter.Type.ULLONG, DomainXml.CPU_PERIOD_MICROS));
            result.add(
                    new SchedulerParameter("vcpu_quota", SchedulerParameter.Type.LLONG, DomainXml.quota(limitPercent)));
        }
        return result;
    }

    /** One typed scheduler parameter of libvirt ({@code virTypedParameter}). */
    record SchedulerParameter(String field, Type type, long value) {
        /** libvirt's {@code VIR_TYPED_PARAM_*} numbers of the integer types. */
        public enum Type {
            INT(1),
            UINT(2),
            LLONG(3),
            ULLONG(4);

            final int code;

            Type(int code) {
                this.code = code;
            }
        }
    }

    /** Capabilities of the driver that this host lacks, beyond what the shared session finds itself. */
    default Set<Capability> unavailable(URI uri, HostCapabilities host) {
        return Set.of();
    }
}

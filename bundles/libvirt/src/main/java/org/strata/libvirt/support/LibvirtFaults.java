package org.strata.libvirt.support;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * libvirt's error numbers as Strata faults, in one place so that every libvirt driver answers alike. The
 * message keeps libvirt's reason (it names the device, the domain, the state) and never any credential.
 */
public final class LibvirtFaults {

    private static final Set<ErrorNumber> NOT_FOUND = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_NO_DOMAIN,
            ErrorNumber.VIR_ERR_NO_NETWORK,
            ErrorNumber.VIR_ERR_NO_STORAGE_POOL,
            ErrorNumber.VIR_ERR_NO_STORAGE_VOL,
            ErrorNumber.VIR_ERR_NO_NODE_DEVICE,
            ErrorNumber.VIR_ERR_DEVICE_MISSING,
            ErrorNumber.VIR_ERR_NO_DOMAIN_SNAPSHOT));
    private static final Set<ErrorNumber> CONFLICT = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_OPERATION_INVALID,
            ErrorNumber.VIR_ERR_DOM_EXIST,
            ErrorNumber.VIR_ERR_RESOURCE_BUSY,
            ErrorNumber.VIR_ERR_OPERATION_ABORTED,
            ErrorNumber.VIR_ERR_STORAGE_VOL_EXIST,
            ErrorNumber.VIR_ERR_NETWORK_EXIST));
    private static final Set<ErrorNumber> UNSUPPORTED = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_NO_SUPPORT,
            ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED,
            ErrorNumber.VIR_ERR_CONFIG_UNSUPPORTED,
            ErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED,
            ErrorNumber.VIR_ERR_MIGRATE_UNSAFE));
    private static final Set<ErrorNumber> AUTH = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_AUTH_FAILED,
            ErrorNumber.VIR_ERR_AUTH_CANCELLED,
            ErrorNumber.VIR_ERR_AUTH_UNAVAILABLE,
            ErrorNumber.VIR_ERR_ACCESS_DENIED,
            ErrorNumber.VIR_ERR_OPERATION_DENIED));
    private static final Set<ErrorNumber> UNREACHABLE = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_NO_CONNECT,
            ErrorNumber.VIR_ERR_INVALID_CONN,
            ErrorNumber.VIR_ERR_RPC,
            ErrorNumber.VIR_ERR_OPERATION_TIMEOUT,
            ErrorNumber.VIR_ERR_UNKNOWN_HOST,
            ErrorNumber.VIR_ERR_SSH,
            ErrorNumber.VIR_ERR_LIBSSH,
            ErrorNumber.VIR_ERR_GNUTLS_ERROR,
            ErrorNumber.VIR_ERR_NO_SERVER));

    /** virtlockd's words for a lease another lock holder has: "resource busy: Lockspace resource 'K' is locked". */
    private static final Pattern LEASE_HELD = Pattern.compile("Lockspace resource '([^']*)' is locked");

    /** ... and for a lockspace it was never given: "Lockspace for path /dir/space does not exist". */
    private static final Pattern NO_LOCKSPACE = Pattern.compile("Lockspace for path (.+?) does not exist");

    private LibvirtFaults() {}

    /**
     * A start that the lock manager refused, in Strata's words, or null when {@code reason} is no lease refusal.
     * A lease held elsewhere is CONFLICT: the VM (or a copy of it) runs on another host, or its host went away
     * without releasing it, and the start must not go through. A lockspace the host's lockd does not serve is
     * UNSUPPORTED, not a failure of the request: this host is not set up for leases, which only its administrator
     * can change; libvirt calls it an internal error, which would send the operator looking in the wrong place.
     */
    public static DriverException leaseRefusal(String driverId, String what, String reason) {
        Matcher held = LEASE_HELD.matcher(reason);
        if (held.find()) {
            return new DriverException(
                    Fault.CONFLICT,
                    driverId + ": cannot " + what + ": its lease '" + held.group(1) + "' is held elsewhere (another"
                            + " host runs this VM, or ran it and has not released the lease); libvirt: " + reason);
        }
        Matcher space = NO_LOCKSPACE.matcher(reason);
        if (space.find()) {
            String dir = space.group(1);
            return new DriverException(
                    Fault.UNSUPPORTED,
                    driverId + ": cannot " + what + ": this host's lock manager does not serve the lease's lockspace "
                            + dir + "; configure lock_manager = \"lockd\" in qemu.conf and, in qemu-lockd.conf,"
                            + " file_lockspace_dir = \"" + dir + "\" with auto_disk_leases = 1 (without it lockd"
                            + " registers no lockspace), then restart virtlockd and libvirtd; libvirt: " + reason);
        }
        return null;
    }

    /**
     * A system error (an errno) means "unreachable" only when the transport raised it; from anywhere else it is
     * the host failing at the request (a disk image QEMU may not read), and taking it for a dead connection would
     * drop a healthy session and mark the host unreachable.
     */
    private static final Set<ErrorDomain> TRANSPORT = Set.copyOf(EnumSet.of(
            ErrorDomain.VIR_FROM_RPC,
            ErrorDomain.VIR_FROM_REMOTE,
            ErrorDomain.VIR_FROM_SSH,
            ErrorDomain.VIR_FROM_LIBSSH));

    /** The fault for one libvirt error number, not knowing where it was raised. */
    public static Fault fault(ErrorNumber code) {
        return fault(code, null);
    }

    /** The fault for one libvirt error number raised by one part of libvirt ({@code domain} may be null). */
    public static Fault fault(ErrorNumber code, ErrorDomain domain) {
        if (code == ErrorNumber.VIR_ERR_SYSTEM_ERROR) {
            return domain != null && TRANSPORT.contains(domain) ? Fault.UNREACHABLE : Fault.DRIVER_FAILURE;
        }
        if (code == null) {
            return Fault.DRIVER_FAILURE;
        }
        if (NOT_FOUND.contains(code)) {
            return Fault.NOT_FOUND;
        }
        if (CONFLICT.contains(code)) {
            return Fault.CONFLICT;
        }
        if (UNSUPPORTED.contains(code)) {
            return Fault.UNSUPPORTED;
        }
        if (AUTH.contains(code)) {
            return Fault.AUTHENTICATION_FAILED;
        }
        if (UNREACHABLE.contains(code)) {
            return Fault.UNREACHABLE;
        }
        return Fault.DRIVER_FAILURE;
    }

    public static ErrorNumber code(LibvirtException e) {
        return e.getError() == null ? null : e.getError().getCode();
    }

    /** "kvm: cannot start 1b4e...: Requested operation is not valid: domain is already running". */
    public static DriverException map(String driverId, String what, LibvirtException e) {
        return new DriverException(
                fault(code(e), e.getError() == null ? null : e.getError().getDomain()),
                driverId + ": cannot " + what + ": " + reason(e),
                e);
    }

    /** Like {@link #map} but with the fault decided by the caller (a broken connection is UNREACHABLE). */
    public static DriverException map(String driverId, String what, LibvirtException e, Fault fault) {
        return new DriverException(fault, driverId + ": cannot " + what + ": " + reason(e), e);
    }

    /** libvirt's own reason for an error, trimmed; never empty. */
    public static String reason(LibvirtException e) {
        String message = e.getError() != null ? e.getError().getMessage() : e.getMessage();
        return message == null || message.isBlank() ? "libvirt gave no reason" : message.trim();
    }
}

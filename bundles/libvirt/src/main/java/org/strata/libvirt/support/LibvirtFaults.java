package org.strata.libvirt.support;

import java.util.EnumSet;
import java.util.Set;
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

    private LibvirtFaults() {}

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

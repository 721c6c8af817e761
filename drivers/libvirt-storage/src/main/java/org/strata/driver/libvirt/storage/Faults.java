package org.strata.driver.libvirt.storage;

import java.util.Locale;

import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** Turns libvirt's error numbers into the fault that tells an operator what to do. */
final class Faults {

    private Faults() {
    }

    static DriverException of(String what, LibvirtException e) {
        return new DriverException(fault(e), "cannot " + what + ": " + message(e), e);
    }

    static Fault fault(LibvirtException e) {
        ErrorNumber code = e.getError() == null ? ErrorNumber.VIR_ERR_UNKNOWN : e.getError().getCode();
        return switch (code) {
            case VIR_ERR_NO_STORAGE_POOL, VIR_ERR_NO_STORAGE_VOL -> Fault.NOT_FOUND;
            case VIR_ERR_STORAGE_VOL_EXIST, VIR_ERR_OPERATION_INVALID, VIR_ERR_RESOURCE_BUSY -> Fault.CONFLICT;
            case VIR_ERR_NO_SUPPORT, VIR_ERR_OPERATION_UNSUPPORTED, VIR_ERR_ARGUMENT_UNSUPPORTED,
                 VIR_ERR_CONFIG_UNSUPPORTED -> Fault.UNSUPPORTED;
            case VIR_ERR_AUTH_FAILED, VIR_ERR_AUTH_CANCELLED, VIR_ERR_AUTH_UNAVAILABLE, VIR_ERR_ACCESS_DENIED ->
                    Fault.AUTHENTICATION_FAILED;
            case VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_RPC, VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_SSH,
                 VIR_ERR_LIBSSH, VIR_ERR_UNKNOWN_HOST, VIR_ERR_NO_SERVER, VIR_ERR_GNUTLS_ERROR -> Fault.UNREACHABLE;
            case VIR_ERR_INVALID_ARG -> shrink(e) ? Fault.CONFLICT : Fault.DRIVER_FAILURE;
            // The test driver reports a taken name as a plain "operation failed".
            case VIR_ERR_OPERATION_FAILED -> message(e).toLowerCase(Locale.ROOT).contains("already exists")
                    ? Fault.CONFLICT : Fault.DRIVER_FAILURE;
            default -> Fault.DRIVER_FAILURE;
        };
    }

    /** Opening a connection fails mostly because the daemon cannot be reached, unless it refused the user. */
    static DriverException ofOpen(String uri, LibvirtException e) {
        Fault fault = fault(e);
        // Without credentials for a daemon that wants them libvirt says "invalid argument: Missing authentication
        // credentials": the operator's fix is the same as for a wrong password.
        if (message(e).toLowerCase(Locale.ROOT).contains("authentication")) {
            fault = Fault.AUTHENTICATION_FAILED;
        }
        if (fault != Fault.AUTHENTICATION_FAILED) {
            fault = Fault.UNREACHABLE;
        }
        return new DriverException(fault, "cannot open " + uri + ": " + message(e), e);
    }

    private static boolean shrink(LibvirtException e) {
        return message(e).toLowerCase(Locale.ROOT).contains("shrink");
    }

    static String message(LibvirtException e) {
        String m = e.getError() == null ? e.getMessage() : e.getError().getMessage();
        return m == null ? "libvirt gave no reason" : m;
    }
}

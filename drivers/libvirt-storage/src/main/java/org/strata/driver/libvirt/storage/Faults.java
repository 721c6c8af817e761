package org.strata.driver.libvirt.storage;

import java.util.Locale;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.strata.libvirt.support.LibvirtFaults;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** Turns libvirt's error numbers into the fault that tells an operator what to do. */
final class Faults {

    private Faults() {}

    static DriverException of(String what, LibvirtException e) {
        return new DriverException(fault(e), "cannot " + what + ": " + message(e), e);
    }

    /** libvirt's one mapping for every libvirt driver, with what storage calls report in their own way. */
    static Fault fault(LibvirtException e) {
        ErrorNumber code = LibvirtFaults.code(e);
        if (code == ErrorNumber.VIR_ERR_INVALID_ARG && shrink(e)) {
            return Fault.CONFLICT;
        }
        // The test driver reports a taken name as a plain "operation failed".
        if (code == ErrorNumber.VIR_ERR_OPERATION_FAILED
                && message(e).toLowerCase(Locale.ROOT).contains("already exists")) {
            return Fault.CONFLICT;
        }
        return LibvirtFaults.fault(
                code, e.getError() == null ? null : e.getError().getDomain());
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
        return LibvirtFaults.reason(e);
    }
}

package org.strata.driver.esx;

import java.util.Set;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.vsphere.vim.VimFault;

/** vSphere's faults in the SPI's words: one table, so every operation answers alike. */
final class EsxFaults {

    private static final Set<String> AUTHENTICATION =
            Set.of("InvalidLogin", "NotAuthenticated", "NoPermission", "CertificateNotTrusted", "PasswordExpired");
    private static final Set<String> NOT_FOUND = Set.of("ManagedObjectNotFound", "FileNotFound", "NotFound");
    private static final Set<String> CONFLICT = Set.of(
            "InvalidPowerState",
            "InvalidState",
            "DuplicateName",
            "AlreadyExists",
            "FileAlreadyExists",
            "TaskInProgress",
            "ToolsUnavailable",
            "ConcurrentAccess",
            "RequestCanceled",
            "InvalidDeviceSpec",
            "DeviceUnsupportedForVmPlatform",
            "InsufficientResourcesFault",
            "VmConfigIncompatibleForFaultTolerance",
            "MigrationFault",
            "VMotionInterfaceIssue");
    private static final Set<String> UNSUPPORTED = Set.of(
            "NotSupported",
            "NotImplemented",
            "MethodNotFound",
            "HostIncompatibleForRecordReplay",
            "DeviceNotSupported",
            "InvalidRequest");

    private EsxFaults() {}

    /**
     * The fault as a driver exception, its message prefixed with what was being done. A fault type the server
     * reported is vSphere's vocabulary and is named ("Login failure (InvalidLogin)"); the client's own types
     * ("Transport", "Timeout") are not: its message already says what happened in words.
     */
    static DriverException map(String doing, VimFault e) {
        Fault fault;
        if (e.unreachable()) {
            fault = Fault.UNREACHABLE;
        } else if (AUTHENTICATION.contains(e.faultType())) {
            fault = Fault.AUTHENTICATION_FAILED;
        } else if (NOT_FOUND.contains(e.faultType())) {
            fault = Fault.NOT_FOUND;
        } else if (CONFLICT.contains(e.faultType())) {
            fault = Fault.CONFLICT;
        } else if (UNSUPPORTED.contains(e.faultType())) {
            fault = Fault.UNSUPPORTED;
        } else {
            fault = Fault.DRIVER_FAILURE;
        }
        String message =
                e.getMessage() != null ? e.getMessage() : e.reported() ? e.faultType() : Reasons.of(e.getCause());
        if (e.reported() && !message.contains(e.faultType())) {
            message = message + " (" + e.faultType() + ")";
        }
        return new DriverException(fault, doing + ": " + message, e);
    }
}

package org.strata.engine;

import org.strata.api.ErrorCode;
import org.strata.spi.DriverException;

/**
 * The API's error code for a driver's fault (since 1.6): one mapping for core and the layers that call drivers
 * themselves (patching calls the OS family drivers and the disk image tools), so that a fault reads the same
 * whoever met it.
 */
public final class DriverFaultCodes {

    private DriverFaultCodes() {}

    public static ErrorCode code(DriverException e) {
        return switch (e.fault()) {
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            case UNREACHABLE -> ErrorCode.UNREACHABLE;
            case AUTHENTICATION_FAILED -> ErrorCode.AUTHENTICATION_FAILED;
            case CONFLICT -> ErrorCode.CONFLICT;
            case DRIVER_FAILURE -> ErrorCode.DRIVER_FAILURE;
            case INVALID -> ErrorCode.INVALID_INPUT;
        };
    }
}

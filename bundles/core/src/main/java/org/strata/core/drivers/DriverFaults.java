package org.strata.core.drivers;

import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.spi.DriverException;

/** Translates a driver's fault into the API's error, the single place where the SPI meets the API. */
public final class DriverFaults {

    private DriverFaults() {
    }

    public static ErrorCode code(DriverException e) {
        return switch (e.fault()) {
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            case UNREACHABLE -> ErrorCode.UNREACHABLE;
            case AUTHENTICATION_FAILED -> ErrorCode.AUTHENTICATION_FAILED;
            case CONFLICT -> ErrorCode.CONFLICT;
            case DRIVER_FAILURE -> ErrorCode.DRIVER_FAILURE;
        };
    }

    public static StrataException toApi(DriverException e) {
        return new StrataException(code(e), e.getMessage(), e);
    }
}

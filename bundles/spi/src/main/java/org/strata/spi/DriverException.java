package org.strata.spi;

import java.util.Objects;

/**
 * The one exception a driver throws. Its message goes to the operator: say what failed and, where
 * you can, why; never put a password or a secret in it.
 */
public class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Fault fault;

    public DriverException(Fault fault, String message) {
        super(message);
        this.fault = Objects.requireNonNull(fault);
    }

    public DriverException(Fault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = Objects.requireNonNull(fault);
    }

    public Fault fault() {
        return fault;
    }

    /** The uniform answer for an operation a driver does not implement (libvirt's "not supported"). */
    public static DriverException unsupported(String driverId, String operation) {
        return new DriverException(Fault.UNSUPPORTED, "driver '" + driverId + "' does not support " + operation);
    }
}

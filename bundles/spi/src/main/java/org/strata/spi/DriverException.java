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

    /**
     * The same where the driver's id is not at hand: the SPI's default methods answer with it. (They named the
     * session's Java class before 1.2, which told operators nothing.)
     *
     * @since 1.2
     */
    public static DriverException unsupported(String operation) {
        return new DriverException(Fault.UNSUPPORTED, "this driver does not support " + operation);
    }
}

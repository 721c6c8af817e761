package org.strata.spi;

/**
 * The one thing that went wrong, as a driver reports it. The platform maps each fault to an API
 * error (REST status, SOAP fault code), so choose the fault that tells the operator what to do.
 */
public enum Fault {
    /** The named object (VM, volume, sensor) does not exist on the managed system. REST 404. */
    NOT_FOUND,
    /** This driver, or this particular endpoint, cannot do that. REST 501. */
    UNSUPPORTED,
    /** The managed system did not answer (network, timeout, daemon down). REST 502. */
    UNREACHABLE,
    /** The managed system refused the credentials. REST 502. */
    AUTHENTICATION_FAILED,
    /** The request clashes with the managed system's state (VM already running, name taken). REST 409. */
    CONFLICT,
    /** Anything else that failed inside the driver or the managed system. REST 502. */
    DRIVER_FAILURE,
    /**
     * The request itself is wrong for this driver: a value it cannot express, an object of another driver (since 1.6;
     * OS family drivers refuse a profile that is not theirs with it). REST 400.
     */
    INVALID
}

package org.strata.api.inventory;

/** How Strata sees a host right now. */
public enum HostState {
    /** Its driver is running and the last contact with the host worked (or none was tried yet). */
    AVAILABLE,
    /** The driver that manages this host is not installed or not running. */
    DRIVER_UNAVAILABLE,
    /** The driver is there, but the host did not answer. */
    UNREACHABLE,
    /** The host refused the stored credentials. */
    AUTHENTICATION_FAILED
}

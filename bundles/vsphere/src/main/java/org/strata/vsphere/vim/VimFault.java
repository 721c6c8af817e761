package org.strata.vsphere.vim;

/**
 * What went wrong talking to a vSphere endpoint: a SOAP fault the server sent (with its vim25 fault type, such as
 * {@code InvalidLogin}, {@code InvalidPowerState}, {@code ManagedObjectNotFound}), a task that ended in error
 * (the same), or a transport failure ({@link #unreachable()}: nothing was answered).
 */
public final class VimFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The fault type of a transport failure: the server did not answer, or not in SOAP. */
    public static final String TRANSPORT = "Transport";

    private final String faultType;

    public VimFault(String faultType, String message) {
        super(message);
        this.faultType = faultType == null || faultType.isBlank() ? "Fault" : faultType;
    }

    public VimFault(String faultType, String message, Throwable cause) {
        super(message, cause);
        this.faultType = faultType == null || faultType.isBlank() ? "Fault" : faultType;
    }

    /** The vim25 fault type without namespace or "Fault" suffix ("InvalidLogin", "NotAuthenticated"). */
    public String faultType() {
        return faultType;
    }

    public boolean is(String type) {
        return faultType.equals(type);
    }

    /** Whether the endpoint could not be reached or did not answer in SOAP. */
    public boolean unreachable() {
        return TRANSPORT.equals(faultType);
    }
}

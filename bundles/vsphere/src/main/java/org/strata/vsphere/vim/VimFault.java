package org.strata.vsphere.vim;

/**
 * What went wrong talking to a vSphere endpoint: a SOAP fault the server sent (with its vim25 fault type, such as
 * {@code InvalidLogin}, {@code InvalidPowerState}, {@code ManagedObjectNotFound}), a task that ended in error
 * (the same), or a failure the client saw itself: a transport failure ({@link #unreachable()}: nothing was
 * answered), a refused certificate, a task that ran too long. Only the server's fault types are vSphere's
 * vocabulary ({@link #reported()}); the client's own ({@code Transport}, {@code Timeout}) are for code, not people.
 */
public final class VimFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The fault type of a transport failure: the server did not answer, or not in SOAP. */
    public static final String TRANSPORT = "Transport";

    private final String faultType;
    private final boolean reported;

    /** A failure the client saw itself; its fault type is the client's choice. */
    public VimFault(String faultType, String message) {
        this(faultType, message, null, false);
    }

    /** A failure the client saw itself, caused by {@code cause}; its fault type is the client's choice. */
    public VimFault(String faultType, String message, Throwable cause) {
        this(faultType, message, cause, false);
    }

    private VimFault(String faultType, String message, Throwable cause, boolean reported) {
        super(message, cause);
        this.faultType = faultType == null || faultType.isBlank() ? "Fault" : faultType;
        this.reported = reported;
    }

    /** A fault the server reported: a SOAP fault, a task's error, a property it could not read. */
    static VimFault serverFault(String faultType, String message) {
        return new VimFault(faultType, message, null, faultType != null && !faultType.isBlank());
    }

    /**
     * Whether the fault type is one the server reported, and so vSphere's own vocabulary ("InvalidLogin") that an
     * administrator may look up; false for the client's own types ({@link #TRANSPORT}, "Timeout", "Fault").
     */
    public boolean reported() {
        return reported;
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

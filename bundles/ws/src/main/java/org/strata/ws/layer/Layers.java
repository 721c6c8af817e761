package org.strata.ws.layer;

import java.lang.reflect.Method;

/**
 * The optional layers whose services the web services bind with Blueprint's optional references, and the words for
 * a request that needs one while it is not running. Blueprint's exception is named, not imported, to keep the
 * bundle's classes free of Blueprint.
 */
public final class Layers {

    /** What Blueprint throws when an optional service is not running. */
    public static final String BLUEPRINT_SERVICE_UNAVAILABLE =
            "org.osgi.service.blueprint.container.ServiceUnavailableException";

    /** The datacenter layer's words, which were the only ones before there was a second optional layer. */
    public static final String DATACENTER_NOT_RUNNING = "the service this request needs is not running (the datacenter"
            + " layer is the feature strata-datacenter)";

    public static final String OS_NOT_RUNNING =
            "the service this request needs is not running (the OS layer is the feature strata-os)";

    public static final String PATCHING_NOT_RUNNING =
            "the service this request needs is not running (patching is the feature strata-patching)";

    private static final String OS_PACKAGE = "org.strata.api.os.";

    private static final String PATCH_PACKAGE = "org.strata.api.patch.";

    private Layers() {}

    /** Whether this is Blueprint's answer for an optional service that is not running. */
    public static boolean notRunning(Throwable e) {
        return e.getClass().getName().equals(BLUEPRINT_SERVICE_UNAVAILABLE);
    }

    /**
     * The words for {@link #notRunning(Throwable) such an exception}: which layer to start, read from the filter of
     * the reference that found no service ({@code (objectClass=org.strata.api.os.OsService)}).
     */
    public static String message(Throwable e) {
        String filter = filter(e);
        if (filter.contains(PATCH_PACKAGE)) {
            return PATCHING_NOT_RUNNING;
        }
        return filter.contains(OS_PACKAGE) ? OS_NOT_RUNNING : DATACENTER_NOT_RUNNING;
    }

    private static String filter(Throwable e) {
        try {
            Method getter = e.getClass().getMethod("getFilter");
            Object filter = getter.invoke(e);
            if (filter != null) {
                return filter.toString();
            }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // Not the exception expected: its message is all there is.
        }
        return String.valueOf(e.getMessage());
    }
}

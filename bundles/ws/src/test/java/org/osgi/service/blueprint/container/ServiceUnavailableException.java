package org.osgi.service.blueprint.container;

/**
 * Stands in for Blueprint's exception of this name, which is not on this module's test class path: what a Blueprint
 * proxy of an optional service throws while the service is absent. The web layer recognises it by its class name
 * (UnexpectedExceptionMapper, soap Faults), so the stand-in must carry exactly this name.
 */
public class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, String filter) {
        super(message + " (" + filter + ")");
    }
}

package org.strata.shell;

import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * The optional layers' services (the datacenter layer's, the OS layer's, patching) are optional references: a command says the
 * layer is away instead of failing.
 */
public final class Layer {

    private Layer() {}

    /** The service, or UNAVAILABLE naming the feature to start. */
    public static <T> T required(T service) {
        if (service == null) {
            throw new StrataException(
                    ErrorCode.UNAVAILABLE,
                    "the datacenter layer is not running (feature strata-datacenter: feature:install strata-datacenter)");
        }
        return service;
    }

    /** The OS layer's service, or UNAVAILABLE naming the feature to start. */
    public static <T> T os(T service) {
        if (service == null) {
            throw new StrataException(
                    ErrorCode.UNAVAILABLE,
                    "the OS layer is not running (feature strata-os: feature:install strata-os)");
        }
        return service;
    }

    /** The patching service, or UNAVAILABLE naming the feature to start. */
    public static <T> T patching(T service) {
        if (service == null) {
            throw new StrataException(
                    ErrorCode.UNAVAILABLE,
                    "patching is not running (feature strata-patching: feature:install strata-patching)");
        }
        return service;
    }
}

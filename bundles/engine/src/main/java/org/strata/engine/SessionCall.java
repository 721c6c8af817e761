package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;

/** What to do with a driver session; see {@link DriverSessions}. */
@ConsumerType
@FunctionalInterface
public interface SessionCall<S, T> {
    T apply(S session);
}

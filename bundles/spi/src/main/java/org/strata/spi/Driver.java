package org.strata.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver: one managed technology, shipped as a bundle and registered as an OSGi service under
 * this interface and its kind's interface. The platform finds it, lists it and routes requests for the
 * hosts it manages to it; when the bundle stops, the platform marks those hosts unavailable.
 *
 * <p>Implement the interface of your driver's kind, not this one alone.
 */
@ConsumerType
public interface Driver {

    /** Who this driver is and what it can do. Must be cheap and must not change while the service is registered. */
    DriverDescriptor descriptor();
}

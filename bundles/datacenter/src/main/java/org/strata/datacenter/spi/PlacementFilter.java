package org.strata.datacenter.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hard rule of placement: a host that a filter refuses never gets the VM. Register an implementation as an OSGi
 * service; the service property {@code strata.placement.order} (an integer, default 100; the built-in filters use 10
 * to 90) says where it runs among the others. It must be fast and must not call a driver: placement may run it for
 * thousands of hosts per decision.
 */
@ConsumerType
public interface PlacementFilter {

    /** A short name that placement explanations show beside its refusals ({@code capacity}, {@code labels}). */
    String name();

    /** Null when {@code host} may take the VM; otherwise why not, in words a user understands. */
    String refuse(Candidate host, PlacementRequest vm);
}

package org.strata.spi.hypervisor;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;

/** A hypervisor driver: opens sessions to hypervisor hosts (KVM, Xen, ESX, ...). */
@ConsumerType
public interface HypervisorDriver extends Driver {

    /**
     * Connects to one host. The platform closes the session when done with it.
     *
     * @throws DriverException UNREACHABLE or AUTHENTICATION_FAILED when the host cannot be used
     */
    HypervisorSession open(Endpoint endpoint);
}

package org.strata.spi.hardware;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;
import org.strata.spi.Endpoint;

/** A hardware driver: opens sessions to baseboard management controllers (IPMI, Redfish, ...). */
@ConsumerType
public interface HardwareDriver extends Driver {

    /** Connects to one BMC; the platform closes the session when done with it. */
    BmcSession open(Endpoint endpoint);
}

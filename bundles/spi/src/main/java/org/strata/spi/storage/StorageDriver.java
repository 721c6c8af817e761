package org.strata.spi.storage;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;
import org.strata.spi.Endpoint;

/** A storage driver: opens sessions to storage backends (libvirt pools, arrays, NAS). */
@ConsumerType
public interface StorageDriver extends Driver {

    StorageSession open(Endpoint endpoint);
}

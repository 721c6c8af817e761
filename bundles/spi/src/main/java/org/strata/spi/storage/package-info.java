/** The storage driver contract of Strata's SPI. */
@Version("1.3.0")
package org.strata.spi.storage;

import org.osgi.annotation.versioning.Version;

/** The hardware driver contract of Strata's SPI. */
@Version("1.1.0")
package org.strata.spi.hardware;

import org.osgi.annotation.versioning.Version;

/** The os driver contract of Strata's SPI. */
@Version("1.0.0")
package org.strata.spi.os;

import org.osgi.annotation.versioning.Version;

/** The hypervisor driver contract of Strata's SPI. */
@Version("2.4.0")
package org.strata.spi.hypervisor;

import org.osgi.annotation.versioning.Version;

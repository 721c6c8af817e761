/** Bare-metal machines seen through their BMCs: discovery, power, sensors, FRU and the event log. */
@Version("2.1.0")
package org.strata.api.hardware;

import org.osgi.annotation.versioning.Version;

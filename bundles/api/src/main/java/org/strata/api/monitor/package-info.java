/** Statistics samples of hosts and virtual machines. */
@Version("2.0.0")
package org.strata.api.monitor;

import org.osgi.annotation.versioning.Version;

/** Statistics samples of hosts and virtual machines; what guest agents report (since 2.1). */
@Version("2.1.0")
package org.strata.api.monitor;

import org.osgi.annotation.versioning.Version;

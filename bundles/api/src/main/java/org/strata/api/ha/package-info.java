/**
 * High availability (issue 19, docs/ha.md): per-VM restart settings, per-cluster admission control, the HA state of
 * each host as detection sees it, and the failovers that restarted a failed host's VMs elsewhere.
 */
@Version("1.0.0")
package org.strata.api.ha;

import org.osgi.annotation.versioning.Version;

/**
 * The datacenter layer as integrators see it: clusters of hypervisor hosts and their maintenance mode, resource
 * pools that allocate, tenants and their quotas, placement and its explanation, balancing recommendations, power
 * management and the calendar of policies. Implemented by the bundle {@code org.strata.datacenter} (feature
 * {@code strata-datacenter}); while it is not running these services are absent.
 */
@Version("1.1.0")
package org.strata.api.datacenter;

import org.osgi.annotation.versioning.Version;

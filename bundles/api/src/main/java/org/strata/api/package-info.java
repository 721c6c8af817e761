/**
 * Strata's integrator-facing API: the domain model as immutable records and the services that
 * the web services, the shell and any other client call. Nothing here knows about drivers' internals.
 */
@Version("1.4.0")
package org.strata.api;

import org.osgi.annotation.versioning.Version;

/**
 * Checking a web client's credentials: what the REST and SOAP services, the event stream and the web console share,
 * so that a user logs in to all of them alike (the same realm, throttle, audit and roles) and a success is remembered
 * once for all of them. The {@link org.strata.security.login.Authenticator} is an OSGi service of this bundle.
 */
@Version("1.0.0")
package org.strata.security.login;

import org.osgi.annotation.versioning.Version;

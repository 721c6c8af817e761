/**
 * Putting a bundle's servlet on Karaf's web server and keeping it there while web containers come and go: what the
 * boot service, the package repositories and the web console share (the distribution has no HTTP Whiteboard).
 */
@Version("1.0.0")
package org.strata.http.mount;

import org.osgi.annotation.versioning.Version;

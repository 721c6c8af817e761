/** The platform's own health: each check and the overall status. */
@Version("2.0.0")
package org.strata.api.health;

import org.osgi.annotation.versioning.Version;

/** The drivers installed now, as integrators see them: what each manages and what it accepts. */
@Version("2.0.0")
package org.strata.api.driver;

import org.osgi.annotation.versioning.Version;

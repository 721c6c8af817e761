/** The configuration history: who changed what, when. */
@Version("2.0.0")
package org.strata.api.history;

import org.osgi.annotation.versioning.Version;

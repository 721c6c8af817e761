/** Storage pools and volumes. */
@Version("2.2.0")
package org.strata.api.storage;

import org.osgi.annotation.versioning.Version;

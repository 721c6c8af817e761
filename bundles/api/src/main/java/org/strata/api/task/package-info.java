/** Long work as tasks: their states and progress, to follow and cancel. */
@Version("2.0.0")
package org.strata.api.task;

import org.osgi.annotation.versioning.Version;

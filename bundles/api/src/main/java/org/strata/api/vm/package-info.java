/** Virtual machines: their specification, state, devices and lifecycle. */
@Version("2.5.0")
package org.strata.api.vm;

import org.osgi.annotation.versioning.Version;

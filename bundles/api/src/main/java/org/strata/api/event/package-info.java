/** Events: what happened to what, recorded and pushed, and the filters and topics to follow them. */
@Version("2.0.0")
package org.strata.api.event;

import org.osgi.annotation.versioning.Version;

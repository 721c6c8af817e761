/**
 * The OS layer (docs/os.md): the profiles the OS family drivers offer, golden images and install trees, and the
 * provisioning of an operating system onto a VM or a bare-metal machine as one task.
 */
@Version("1.0.0")
package org.strata.api.os;

import org.osgi.annotation.versioning.Version;

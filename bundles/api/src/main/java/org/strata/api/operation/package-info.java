/**
 * The operations users can ask for on VMs, hypervisor hosts and bare-metal machines, each declared once: its
 * name, the parameters that apply to it, the VM states that allow it and the driver capability it needs. Core
 * enforces these rules; REST, SOAP and the shell take their names, validation and completion from here. Adding an
 * operation means: its declaration here, core, the drivers, the docs.
 */
@Version("1.0.0")
package org.strata.api.operation;

import org.osgi.annotation.versioning.Version;

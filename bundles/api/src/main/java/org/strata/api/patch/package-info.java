/**
 * Patching (docs/os-patching.md): package repositories (Strata's own, of uploaded packages, or one it points at),
 * patch baselines per OS profile, the software installed in VMs and golden images (read through the guest agent, or
 * offline from their disks), compliance scans against a baseline, and remediation: running VMs patched through their
 * agent with a snapshot to roll back to, stopped VMs and golden images patched offline on a copy.
 */
@Version("1.0.0")
package org.strata.api.patch;

import org.osgi.annotation.versioning.Version;

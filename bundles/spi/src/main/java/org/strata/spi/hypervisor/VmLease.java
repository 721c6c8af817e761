package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * A lease on shared storage that a host holds while it runs a VM (since 2.2), so that the VM can be restarted on
 * another host when its own host is gone but cannot be shown to be off (its BMC does not answer either): a second
 * start of a VM whose lease is still held is refused by the hypervisor, whatever the platform believes. A host that
 * is isolated but alive keeps its VMs and their leases; a host that lost power lost its lock holder with it.
 *
 * <p>The platform creates the lease file {@code lockspace/key} before it defines a VM with a lease and checks, before
 * a restart elsewhere, that nobody holds it. A driver whose hypervisor enforces leases advertises {@link
 * org.strata.spi.Capability#VM_LEASE} and keeps the lease in the VM's definition (libvirt: a {@code <lease>} element
 * served by its lock manager, {@code virtlockd} with {@code file_lockspace_dir} set to {@code lockspace}); one whose
 * hypervisor locks running VMs' files by itself (VMFS) may advertise it and ignore the lease. {@link
 * HypervisorSession#describe} gives the lease back.
 *
 * @param lockspace the lease directory on storage every host of the cluster mounts at this path, for example
 *                  {@code /srv/strata-leases/strata}: its last element names the lockspace
 * @param key       the lease's name in it: the platform uses the VM's id
 */
public record VmLease(String lockspace, String key) {

    public VmLease {
        Objects.requireNonNull(lockspace, "lockspace");
        Objects.requireNonNull(key, "key");
        if (!lockspace.startsWith("/") || lockspace.endsWith("/") || lockspace.contains("//")) {
            throw new IllegalArgumentException(
                    "lockspace must be an absolute folder path without a trailing /: " + lockspace);
        }
        if (key.isEmpty() || key.contains("/")) {
            throw new IllegalArgumentException("key must be a non-empty file name: " + key);
        }
    }
}

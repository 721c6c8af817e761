package org.strata.core.storage;

import org.strata.api.PageRequest;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmState;
import org.strata.repository.VmStore;

/**
 * Which running VM of the inventory has a disk at a path: a volume snapshot, revert or snapshot delete must not run
 * under a guest that writes the volume (an NFS backend cannot even tell that a file is open).
 */
@FunctionalInterface
public interface DiskUsers {

    /** The name of a running (or paused) VM with a disk at {@code path}, or null when none has. */
    String runningVmUsing(String path);

    /** Nothing uses anything: for a storage layer without a VM inventory (tests of the storage manager alone). */
    DiskUsers NONE = path -> null;

    /**
     * From the inventory, page by page: one pass over the VMs' recorded specs per admin request, which is what a
     * volume snapshot costs next to the qemu-img or tgtadm run it guards.
     */
    static DiskUsers of(VmStore vms) {
        return path -> {
            int offset = 0;
            while (true) {
                var page = vms.vms(null, PageRequest.of(offset, PageRequest.MAX_LIMIT));
                for (VirtualMachine vm : page.items()) {
                    if (vm.state() == VmState.STOPPED || vm.spec() == null) {
                        continue;
                    }
                    for (VmDisk disk : vm.spec().disks()) {
                        if (path.equals(disk.source())) {
                            return vm.name();
                        }
                    }
                }
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    return null;
                }
            }
        };
    }
}

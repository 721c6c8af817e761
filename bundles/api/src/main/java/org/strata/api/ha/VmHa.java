package org.strata.api.ha;

import java.util.List;
import java.util.Objects;

/**
 * A VM's HA settings. A VM with HA enabled is restarted on another host of its cluster when its host fails, and counts
 * against its cluster's admission control while it runs.
 *
 * @param vmId     the VM
 * @param enabled  whether HA restarts it
 * @param priority its restart priority
 * @param after    VMs (ids) that must be running again before this one is restarted (a database before its
 *                 application server); those that are not HA VMs of the same failover do not hold it back
 */
public record VmHa(String vmId, boolean enabled, HaPriority priority, List<String> after) {

    public VmHa {
        Objects.requireNonNull(vmId, "vmId");
        priority = priority == null ? HaPriority.MEDIUM : priority;
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** What a VM has before anyone set its HA: disabled. */
    public static VmHa disabled(String vmId) {
        return new VmHa(vmId, false, HaPriority.MEDIUM, List.of());
    }
}

package org.strata.api.ha;

import java.util.List;

/** A change to a VM's HA settings: null fields keep the VM's value. */
public record VmHaSpec(Boolean enabled, HaPriority priority, List<String> after) {

    public static VmHaSpec enable(HaPriority priority) {
        return new VmHaSpec(true, priority, null);
    }
}

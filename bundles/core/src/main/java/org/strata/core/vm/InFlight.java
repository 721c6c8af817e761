package org.strata.core.vm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * VMs (by hypervisor id) that a Strata task is changing right now. While a task defines, undefines or
 * migrates a VM, the hypervisor reports the change (DEFINED, UNDEFINED on the source of a migration) before
 * the task has written the inventory; the synchronizer leaves those VMs alone, so it neither records a VM
 * being created as a discovered one nor deletes one that is only moving. The task writes the inventory itself.
 * Lifecycle tasks (start, power off, ...) are here too: they record the state they read after the change, and the
 * synchronizer reading the VM and the host again for the same event would be work for nothing.
 */
@Component(service = InFlight.class)
public final class InFlight {

    /** Ends the operation; never throws. */
    public interface Operation extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Integer> operations = new ConcurrentHashMap<>();

    public Operation begin(String hypervisorId) {
        operations.merge(hypervisorId, 1, Integer::sum);
        return () -> operations.computeIfPresent(hypervisorId, (id, count) -> count == 1 ? null : count - 1);
    }

    public boolean contains(String hypervisorId) {
        return hypervisorId != null && operations.containsKey(hypervisorId);
    }
}

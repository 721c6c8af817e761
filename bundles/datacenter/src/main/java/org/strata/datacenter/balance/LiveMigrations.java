package org.strata.datacenter.balance;

import java.time.Duration;
import java.util.Locale;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmService;

/**
 * One live migration as the layer's own tasks carry it out (maintenance, balancing, power management): started through
 * the VM service, as any client's would be, so that admission and the VM's own task rules apply, and waited for, one
 * at a time, so that a host's network carries one migration at once.
 */
public final class LiveMigrations {

    /** How long one live migration may take before the caller gives up on that VM. */
    public static final Duration LIMIT = Duration.ofMinutes(30);

    private final VmService vms;
    private final TaskService tasks;

    public LiveMigrations(VmService vms, TaskService tasks) {
        this.vms = vms;
        this.tasks = tasks;
    }

    /** Moves the VM live to the host and waits for it: null once it has moved, otherwise why it did not, in words. */
    public String move(String vmId, String toHostId, String principal) {
        try {
            Task migration = vms.migrate(vmId, toHostId, principal);
            Task end = tasks.await(migration.id(), LIMIT);
            if (end.state() == TaskState.SUCCEEDED) {
                return null;
            }
            return "its migration " + end.state().name().toLowerCase(Locale.ROOT)
                    + (end.errorMessage() == null ? "" : ": " + end.errorMessage());
        } catch (StrataException e) {
            return e.getMessage();
        }
    }
}

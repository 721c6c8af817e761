package org.strata.patching;

import java.time.Duration;
import org.strata.api.StrataException;
import org.strata.api.os.OsService;
import org.strata.api.storage.StorageService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.GuestPrograms;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VmService;
import org.strata.repository.OsStore;

/** The platform's services patching works through: core's and the OS layer's, as integrators see them. */
record Platform(
        VmService vms,
        GuestPrograms programs,
        SnapshotService snapshots,
        TemplateService templates,
        StorageService storage,
        OsService os,
        OsStore images,
        TaskService tasks) {

    /** A step's task may take this long: a snapshot of a big VM, a clone of a big volume. */
    static final Duration STEP_WAIT = Duration.ofMinutes(30);

    /** Waits for a task the patching work submitted; its failure, in its words, fails the step. */
    void await(Task task, String what) throws InterruptedException {
        Task end = tasks.await(task.id(), STEP_WAIT);
        if (end.state() != TaskState.SUCCEEDED) {
            throw new StrataException(
                    end.errorCode() == null ? org.strata.api.ErrorCode.CONFLICT : end.errorCode(),
                    "could not " + what + ": "
                            + (end.errorMessage() == null ? end.state().name() : end.errorMessage()));
        }
    }
}

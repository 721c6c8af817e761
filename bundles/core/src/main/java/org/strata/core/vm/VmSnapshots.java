package org.strata.core.vm;

import java.util.List;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.task.Task;
import org.strata.api.vm.SnapshotRequest;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.VmSnapshot;
import org.strata.api.vm.VmState;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.core.tasks.TaskManager;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;

/**
 * VM snapshots, kept by the hypervisor and read from it: Strata records no copy that could disagree with it (as
 * vCenter reads a VM's snapshot tree from the host). Each change is a task on the VM, so it queues behind the VM's
 * other work; a revert records the power state it leaves, and every change is an event.
 */
@Component(service = SnapshotService.class)
public final class VmSnapshots implements SnapshotService {

    /** Names travel in URLs and shell arguments: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final VmManager vms;
    private final HostSessions sessions;
    private final TaskManager tasks;
    private final EventLog events;

    @Activate
    public VmSnapshots(
            @Reference VmManager vms,
            @Reference HostSessions sessions,
            @Reference TaskManager tasks,
            @Reference EventLog events) {
        this.vms = vms;
        this.sessions = sessions;
        this.tasks = tasks;
        this.events = events;
    }

    @Override
    public List<VmSnapshot> snapshots(String vmId) {
        VmManager.Target t = checked(vmId, "list snapshots");
        return sessions.call(t.host(), s -> s.snapshots(t.vm().hypervisorId())).stream()
                .map(VmSnapshots::snapshot)
                .toList();
    }

    @Override
    public Task createSnapshot(String vmId, SnapshotRequest request, String principal) {
        if (request == null) {
            throw StrataException.invalid("a snapshot request with a name is required");
        }
        String name = name(request.name());
        VmManager.Target t = checked(vmId, "take snapshots");
        // Asked now, so that a taken name is a 409 before any task (the driver checks again in the task).
        if (names(t).contains(name)) {
            throw StrataException.conflict("VM '" + t.vm().name() + "' has a snapshot named '" + name + "' already");
        }
        boolean memory = request.memory() == null || request.memory();
        if (memory && Boolean.TRUE.equals(request.quiesce()) && t.vm().state() == VmState.RUNNING) {
            throw StrataException.invalid("a snapshot with the VM's memory is not quiesced: its memory holds what the"
                    + " file systems have in flight (a memory taken while they were frozen would bring back a frozen"
                    + " guest at each revert); ask for memory false to quiesce");
        }
        // Quiescing a memory snapshot would save a frozen guest's memory: reverting to it leaves the guest frozen
        // (found by patching's roll-back: the agent then refused everything "in frozen state").
        boolean quiesce = !memory && (request.quiesce() == null || request.quiesce());
        return tasks.submit(request("vm.snapshot.create", t, principal), context -> {
            context.progress(
                    10,
                    "taking snapshot '" + name + "' of " + t.vm().name() + " on "
                            + t.host().name());
            SnapshotInfo taken = sessions.call(
                    t.host(),
                    s -> s.createSnapshot(
                            t.vm().hypervisorId(), new SnapshotSpec(name, request.description(), memory, quiesce)));
            events.record(
                    Event.Severity.INFO,
                    "VM_SNAPSHOT_TAKEN",
                    "vm",
                    t.vm().id(),
                    "snapshot '" + name + "' of VM " + t.vm().name() + " taken"
                            + (taken.withMemory() ? " with its memory" : ", disks only")
                            + (taken.quiesced() ? ", quiesced" : ""));
            // A snapshot with memory pauses the guest while it is saved. The hypervisor resumes it before answering,
            // but the lifecycle events that say so can reach the inventory after this task ended: whoever waited for
            // it (a remediation running programs in the guest next) found the VM PAUSED and was refused.
            recordLiveState(t);
            return name;
        });
    }

    @Override
    public Task revertSnapshot(String vmId, String snapshot, String principal) {
        String name = name(snapshot);
        VmManager.Target t = checked(vmId, "revert to snapshots");
        requireExisting(t, name);
        if (t.vm().template()) {
            throw StrataException.conflict("VM '" + t.vm().name() + "' is a template: its disks must not change while"
                    + " it is one (linked clones read from them)");
        }
        return tasks.submit(request("vm.snapshot.revert", t, principal), context -> {
            context.progress(10, "reverting " + t.vm().name() + " to snapshot '" + name + "'");
            sessions.call(t.host(), s -> {
                s.revertToSnapshot(t.vm().hypervisorId(), name);
                return null;
            });
            VmState now = recordLiveState(t);
            events.record(
                    Event.Severity.INFO,
                    "VM_SNAPSHOT_REVERTED",
                    "vm",
                    t.vm().id(),
                    "VM " + t.vm().name() + " reverted to snapshot '" + name + "'; it is " + now);
            return name;
        });
    }

    /** Records the VM's state as its hypervisor gives it now, without waiting for the lifecycle events; returns it. */
    private VmState recordLiveState(VmManager.Target t) {
        VmState now = VmSpecs.state(
                sessions.call(t.host(), s -> s.vm(t.vm().hypervisorId())).state());
        vms.recordState(t, now);
        return now;
    }

    @Override
    public Task deleteSnapshot(String vmId, String snapshot, String principal) {
        String name = name(snapshot);
        VmManager.Target t = checked(vmId, "delete snapshots");
        requireExisting(t, name);
        return tasks.submit(request("vm.snapshot.delete", t, principal), context -> {
            context.progress(10, "deleting snapshot '" + name + "' of " + t.vm().name());
            sessions.call(t.host(), s -> {
                s.deleteSnapshot(t.vm().hypervisorId(), name);
                return null;
            });
            events.record(
                    Event.Severity.INFO,
                    "VM_SNAPSHOT_DELETED",
                    "vm",
                    t.vm().id(),
                    "snapshot '" + name + "' of VM " + t.vm().name() + " deleted");
            return name;
        });
    }

    private VmManager.Target checked(String vmId, String what) {
        VmManager.Target t = vms.target(vmId);
        vms.requireCapability(t.host(), Capability.VM_SNAPSHOT, what);
        return t;
    }

    private List<String> names(VmManager.Target t) {
        return sessions.call(t.host(), s -> s.snapshots(t.vm().hypervisorId())).stream()
                .map(SnapshotInfo::name)
                .toList();
    }

    private void requireExisting(VmManager.Target t, String name) {
        if (!names(t).contains(name)) {
            throw StrataException.notFound("snapshot of VM " + t.vm().name(), name);
        }
    }

    private static TaskRequest request(String operation, VmManager.Target t, String principal) {
        return TaskRequest.of(operation, TaskTarget.vm(t.vm().id()), principal);
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw StrataException.invalid("a snapshot name is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw StrataException.invalid("snapshot name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit");
        }
        return name;
    }

    private static VmSnapshot snapshot(SnapshotInfo s) {
        return new VmSnapshot(
                s.name(),
                s.parent(),
                s.description(),
                s.created(),
                VmSpecs.state(s.state()),
                s.withMemory(),
                s.quiesced(),
                s.current());
    }
}

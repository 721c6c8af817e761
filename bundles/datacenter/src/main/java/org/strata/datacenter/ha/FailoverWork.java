package org.strata.datacenter.ha;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;
import org.strata.api.inventory.Host;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.engine.Fencing;
import org.strata.engine.Lane;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.engine.TaskWork;

/**
 * One failover, as a task ({@code ha.failover} on the failed host, long lane: it waits on the BMC and on the restarts):
 * fence, then restart the host's HA VMs by priority and order, each restart a task of its own on the urgent lane. Every
 * step is written to the repository before it is taken, so that the same work run again (a resumed failover after a
 * Strata restart, or a retry when capacity returns) continues where it stopped and never starts a VM twice: a VM whose
 * restart began goes on on the same host.
 */
final class FailoverWork implements TaskWork {

    static final String PRINCIPAL = "strata-ha";
    private static final Duration RESTART_DEADLINE = Duration.ofMinutes(5);
    private static final Set<String> SETTLED = Set.of("RUNNING", "SKIPPED", "UNPLACED", "FAILED");

    private final HaManager ha;
    private final String failoverId;
    private final Clock clock;

    FailoverWork(HaManager ha, String failoverId, Clock clock) {
        this.ha = ha;
        this.failoverId = failoverId;
        this.clock = clock;
    }

    @Override
    public String run(TaskContext context) throws Exception {
        Failover f =
                ha.store().failover(failoverId).orElseThrow(() -> StrataException.notFound("failover", failoverId));
        Host host = ha.inventory().host(f.hostId());
        ClusterHa settings = ha.clusterSettings(f.clusterId());
        if (f.state() == FailoverState.FENCING || f.state() == FailoverState.UNSAFE) {
            context.progress(5, "fencing " + host.name());
            String fence = fence(f, host, settings, context);
            if (fence == null) {
                return "host " + host.name() + " could not be fenced and its VMs' leases do not make a restart safe:"
                        + " nothing restarted";
            }
            f = ha.store().updateFailover(failoverId, FailoverState.RESTARTING, fence, null);
        } else if (f.state() == FailoverState.INCOMPLETE) {
            f = ha.store().updateFailover(failoverId, FailoverState.RESTARTING, null, null);
        }
        restartAll(f, host, settings, context);
        f = ha.store().failover(failoverId).orElseThrow();
        long running = f.vms().stream().filter(v -> v.state().equals("RUNNING")).count();
        boolean retry = f.vms().stream()
                .anyMatch(v -> v.state().equals("UNPLACED") || v.state().equals("FAILED"));
        String summary = running + " of " + f.vms().size() + " HA VMs of " + host.name() + " run elsewhere";
        if (retry) {
            ha.store().updateFailover(failoverId, FailoverState.INCOMPLETE, null, null);
            ha.events()
                    .record(
                            Event.Severity.ERROR,
                            "HA_FAILOVER_INCOMPLETE",
                            "host",
                            host.id(),
                            summary + "; retried when capacity returns: "
                                    + String.join(
                                            "; ",
                                            f.vms().stream()
                                                    .filter(v -> !v.state().equals("RUNNING"))
                                                    .map(v -> v.name() + " " + v.state() + " (" + v.message() + ")")
                                                    .toList()));
            return summary + " (incomplete)";
        }
        ha.store().updateFailover(failoverId, FailoverState.DONE, null, clock.instant());
        ha.events().record(Event.Severity.WARNING, "HA_FAILOVER_DONE", "host", host.id(), summary);
        return summary;
    }

    /** "bmc" or "lease" when the old copies are known gone or cannot start again; null when neither. */
    private String fence(Failover f, Host host, ClusterHa settings, TaskContext context) throws InterruptedException {
        ha.setHostState(host, HostHaState.FENCING, "powering it off through its BMC");
        Fencing.Outcome outcome = host.bmcHostId() == null
                ? new Fencing.Outcome(false, Fencing.Power.UNANSWERED, 0, "it has no BMC")
                : ha.fencing().fence(host.bmcHostId(), ha.settings().fenceAttempts(), context);
        if (outcome.fenced()) {
            ha.setHostState(host, HostHaState.FENCED, "fenced: " + outcome.detail());
            // Off for certain: every VM it ran is off, HA or not (CloudStack issue 12922 shows them "Running").
            for (VirtualMachine vm : ha.vmsOf(host.id())) {
                if (DatacenterView.allocated(vm)) {
                    ha.recovery().fencedOff(vm.id(), host.name());
                }
            }
            return "bmc";
        }
        Signals.Leases leases =
                ha.leases(host.id(), f.vms().stream().map(FailoverVm::vmId).toList(), settings);
        if (leases == Signals.Leases.FREE) {
            ha.setHostState(
                    host,
                    HostHaState.FENCED,
                    "not fenced (" + outcome.detail() + ") but its VMs' leases are free: a second copy of a VM whose"
                            + " old copy still runs would be refused by the hypervisor itself");
            return "lease";
        }
        String why = "its BMC did not fence it (" + outcome.detail() + ") and "
                + (leases == Signals.Leases.HELD
                        ? "its VMs' leases are held: they still run"
                        : "its VMs have no leases (no lease directory on the cluster)")
                + "; nothing restarted until it can be fenced";
        ha.store().updateFailover(failoverId, FailoverState.UNSAFE, null, null);
        ha.setHostState(
                host, leases == Signals.Leases.HELD ? HostHaState.ISOLATED : HostHaState.FAILED, "not fenced: " + why);
        ha.events()
                .record(
                        Event.Severity.ERROR,
                        "HA_FAILOVER_UNSAFE",
                        "host",
                        host.id(),
                        "host " + host.name() + ": " + why);
        return null;
    }

    /**
     * Restarts in waves: each wave is the VMs whose order allows (every VM they come after settled) with the best
     * priority among those; a wave's VMs restart one after another so that each placement sees the previous one.
     */
    private void restartAll(Failover f, Host host, ClusterHa settings, TaskContext context) throws Exception {
        Map<String, VmHa> settingsOf = new HashMap<>();
        for (FailoverVm v : f.vms()) {
            settingsOf.put(v.vmId(), ha.store().vmHa(v.vmId()).orElse(VmHa.disabled(v.vmId())));
        }
        int total = f.vms().size();
        while (true) {
            context.checkCancelled();
            Failover now = ha.store().failover(failoverId).orElseThrow();
            Map<String, FailoverVm> byId = new HashMap<>();
            now.vms().forEach(v -> byId.put(v.vmId(), v));
            List<FailoverVm> open = now.vms().stream()
                    .filter(v -> !SETTLED.contains(v.state()) || retryable(v))
                    .filter(v -> !v.state().equals("RUNNING"))
                    .toList();
            // A retried VM (UNPLACED, FAILED) is tried once per run of this work.
            open = open.stream().filter(v -> !tried.contains(v.vmId())).toList();
            if (open.isEmpty()) {
                return;
            }
            List<FailoverVm> ready = open.stream()
                    .filter(v -> settingsOf.get(v.vmId()).after().stream()
                            .allMatch(dep -> !byId.containsKey(dep)
                                    || SETTLED.contains(byId.get(dep).state())
                                    || tried.contains(dep)))
                    .toList();
            if (ready.isEmpty()) {
                ready = open; // an order that loops: priority alone
            }
            var best = ready.stream()
                    .map(FailoverVm::priority)
                    .min(Enum::compareTo)
                    .orElseThrow();
            for (FailoverVm v : ready) {
                if (v.priority() != best) {
                    continue;
                }
                long done = now.vms().stream()
                        .filter(x -> x.state().equals("RUNNING"))
                        .count();
                context.progress(
                        (int) (20 + 75 * done / Math.max(1, total)),
                        "restarting " + v.name() + " (" + v.priority() + ") of " + host.name());
                restartOne(v, host, settings, now.fence());
                tried.add(v.vmId());
            }
        }
    }

    private final java.util.Set<String> tried = new java.util.HashSet<>();

    private static boolean retryable(FailoverVm v) {
        return v.state().equals("UNPLACED") || v.state().equals("FAILED");
    }

    /** @param fence how the failover made the old copies safe ({@code bmc} or {@code lease}) */
    private void restartOne(FailoverVm v, Host failed, ClusterHa settings, String fence) throws InterruptedException {
        Optional<VirtualMachine> found = ha.vmStore().vm(v.vmId());
        if (found.isEmpty()) {
            mark(v, "SKIPPED", null, "the VM was deleted", null);
            return;
        }
        VirtualMachine vm = found.get();
        // A VM recorded off the failed host had its restart begun there: defined, moved, maybe started (a start whose
        // answer was lost, a Strata killed meanwhile). It goes on there, whatever went wrong since, until that host
        // is known not to run it: fenced, or having refused the start (the restart then moves it back).
        String begun =
                vm.hostId().equals(failed.id()) || ha.hostState(vm.hostId()) == HostHaState.FENCED ? null : vm.hostId();
        if ("lease".equals(fence)) {
            LeaseFiles.Lease lease = settings.leaseDirectory() == null
                    ? LeaseFiles.Lease.UNKNOWN
                    : LeaseFiles.read(settings.leaseDirectory(), vm.id());
            if (lease != LeaseFiles.Lease.FREE && begun == null) {
                mark(
                        v,
                        "SKIPPED",
                        null,
                        lease == LeaseFiles.Lease.HELD
                                ? "its lease is held: a copy still runs"
                                : "it has no lease and its host could not be fenced: not safe to restart",
                        null);
                return;
            }
        }
        String destination = begun != null ? begun : v.hostId();
        if (begun == null && (destination == null || !v.state().equals("RESTARTING"))) {
            List<String> why = new ArrayList<>();
            try (AutoCloseable allowed = ha.failoverHosts().restarting(vm.id())) {
                destination = ha.placement().restartHost(vm, failed, why);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (destination == null) {
                mark(v, "UNPLACED", null, String.join("; ", why), null);
                ha.events()
                        .record(
                                Event.Severity.ERROR,
                                "VM_HA_UNPLACED",
                                "vm",
                                vm.id(),
                                "VM " + vm.name() + " could not be restarted after host " + failed.name() + " failed: "
                                        + String.join("; ", why));
                return;
            }
        }
        String hostName = ha.inventory().host(destination).name();
        mark(v, "RESTARTING", destination, "restarting on " + hostName, null);
        Task task = ha.engine()
                .submit(
                        new TaskRequest("vm.ha-restart", TaskTarget.vm(vm.id()), Lane.URGENT, PRINCIPAL, List.of()),
                        ha.recovery().restart(vm.id(), failed.id(), destination, PRINCIPAL));
        mark(v, "RESTARTING", destination, "restarting on " + hostName, task.id());
        Task end = ha.tasks().await(task.id(), RESTART_DEADLINE);
        if (end.state() == TaskState.SUCCEEDED) {
            checkLeaseHeld(vm, hostName, settings);
            ha.store()
                    .updateFailoverVm(
                            failoverId,
                            vm.id(),
                            "RUNNING",
                            destination,
                            "running on " + hostName,
                            task.id(),
                            clock.instant());
        } else {
            String error = end.errorMessage() == null ? end.state().name() : end.errorMessage();
            // Another host may take it next time, unless the restart is still recorded there: then that host could
            // not say whether it runs the VM (unreachable, its driver not running yet), and the retry goes back there.
            boolean stays = ha.vmStore()
                    .vm(vm.id())
                    .map(now -> !now.hostId().equals(failed.id()))
                    .orElse(false);
            ha.store()
                    .updateFailoverVm(
                            failoverId,
                            vm.id(),
                            "FAILED",
                            stays ? destination : null,
                            "its start on " + hostName + " failed: " + error
                                    + (stays ? "; retried there: that host may run it" : ""),
                            task.id(),
                            null);
        }
    }

    /**
     * A VM restarted where the cluster keeps leases must hold its lease there: one that does not runs on a host whose
     * lock manager ignores leases (libvirt's default {@code nop}), where nothing would refuse a second copy. Said, not
     * undone: the VM runs, and stopping it would be the worse outcome.
     */
    private void checkLeaseHeld(VirtualMachine vm, String hostName, ClusterHa settings) {
        if (settings.leaseDirectory() == null) {
            return;
        }
        if (LeaseFiles.read(settings.leaseDirectory(), vm.id()) == LeaseFiles.Lease.FREE) {
            ha.events()
                    .record(
                            Event.Severity.ERROR,
                            "VM_HA_LEASE_NOT_HELD",
                            "vm",
                            vm.id(),
                            "VM " + vm.name() + " runs on host " + hostName
                                    + " without holding its lease: that host's lock"
                                    + " manager does not enforce leases (lock_manager = \"lockd\" in its qemu.conf, see"
                                    + " docs/driver-guide.md), so a second copy would not be refused there");
        }
    }

    private void mark(FailoverVm v, String state, String hostId, String message, String taskId) {
        ha.store().updateFailoverVm(failoverId, v.vmId(), state, hostId, message, taskId, null);
    }
}

package org.strata.core.vm;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.engine.TaskWork;
import org.strata.engine.VmRecovery;
import org.strata.repository.HostStore;
import org.strata.repository.NewEvent;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.VmInfo;

/**
 * HA's restarts (docs/ha.md): a VM whose host failed is defined and started on another host without its old host
 * being asked (it is fenced, or its leases make a second copy impossible), and its stale definition is removed from the
 * old host when that one answers again. Every step can be run again after a crash: a definition or a running copy
 * already on the destination is taken as done, so a failover resumed by a restarted Strata never starts a VM twice.
 */
@Component(service = VmRecovery.class)
public final class VmRestarts implements VmRecovery {

    private final VmStore repository;
    private final HostStore hosts;
    private final HostSessions sessions;
    private final InFlight inFlight;
    private final EventLog events;
    private final VmManager vms;

    @Activate
    public VmRestarts(
            @Reference VmStore repository,
            @Reference HostStore hosts,
            @Reference HostSessions sessions,
            @Reference InFlight inFlight,
            @Reference EventLog events,
            @Reference VmManager vms) {
        this.repository = repository;
        this.hosts = hosts;
        this.sessions = sessions;
        this.inFlight = inFlight;
        this.events = events;
        this.vms = vms;
    }

    @Override
    public TaskWork restart(String vmId, String failedHostId, String hostId, String principal) {
        return context -> {
            VirtualMachine vm = repository.vm(vmId).orElseThrow(() -> StrataException.notFound("VM", vmId));
            StoredHost destination = host(hostId);
            String hv = vm.hypervisorId();
            if (vm.spec() == null) {
                throw StrataException.conflict("VM '" + vm.name() + "' has no recorded definition to restart from");
            }
            StoredHost failed = host(failedHostId);
            if (!failed.id().equals(destination.id())) {
                vms.requireStorageSeen(vm, destination);
                if (!destination.driverId().equals(failed.driverId())) {
                    throw StrataException.conflict("VM '" + vm.name() + "' cannot restart on host '"
                            + destination.name() + "' (driver '" + destination.driverId() + "'): it ran on a host of"
                            + " driver '" + failed.driverId() + "'");
                }
            }
            try (InFlight.Operation op = inFlight.begin(hv)) {
                context.progress(20, "defining " + vm.name() + " on " + destination.name());
                boolean definedHere = false;
                Optional<VmInfo> there = existing(destination, hv);
                if (there.isEmpty()) {
                    sessions.call(destination, s -> s.define(vms.forHost(vm, vm.spec(), hv, destination)));
                    definedHere = true;
                }
                if (!vm.hostId().equals(destination.id())) {
                    repository.moveVm(vm.id(), destination.id(), principal);
                }
                VmInfo running = there.filter(i -> i.state() == VmInfo.PowerState.RUNNING)
                        .orElse(null);
                if (running == null) {
                    context.progress(60, "starting " + vm.name() + " on " + destination.name());
                    try {
                        sessions.call(destination, s -> {
                            s.start(hv);
                            return null;
                        });
                    } catch (StrataException e) {
                        undo(vm, failed, destination, definedHere, e);
                        throw e;
                    }
                }
                VmInfo now = sessions.call(destination, s -> s.vm(hv));
                VmState state = VmSpecs.state(now.state());
                repository.changeVmState(vm.id(), state);
                events.record(
                        Event.Severity.WARNING,
                        "VM_HA_RESTARTED",
                        "vm",
                        vm.id(),
                        "VM " + vm.name() + " restarted on host " + destination.name() + " after host " + failed.name()
                                + " failed; it is " + state);
                return state.name();
            }
        };
    }

    /**
     * A start refused (most likely its lease is held: the old copy still runs) leaves nothing behind: the new
     * definition goes, and the VM is recorded where it was. Only when the destination says the VM does not run
     * there: a start whose answer was lost (the connection dropped, a timeout) may have started it all the same, and
     * then the VM stays recorded there, so that HA goes on there and never starts a second copy elsewhere.
     */
    private void undo(VirtualMachine vm, StoredHost failed, StoredHost destination, boolean defined, Exception cause) {
        try {
            VmInfo.PowerState there =
                    existing(destination, vm.hypervisorId()).map(VmInfo::state).orElse(VmInfo.PowerState.STOPPED);
            if (there != VmInfo.PowerState.STOPPED && there != VmInfo.PowerState.CRASHED) {
                return;
            }
            if (defined) {
                sessions.call(destination, s -> {
                    s.undefine(vm.hypervisorId());
                    return null;
                });
            }
            if (!failed.id().equals(destination.id())) {
                repository.moveVm(vm.id(), failed.id(), "strata-ha");
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private Optional<VmInfo> existing(StoredHost host, String hypervisorId) {
        try {
            return Optional.of(sessions.call(host, s -> s.vm(hypervisorId)));
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void removeStale(String hostId, String vmId) {
        StoredHost host = host(hostId);
        VirtualMachine vm = repository.vm(vmId).orElse(null);
        if (vm == null || vm.hostId().equals(hostId)) {
            return; // deleted since, or back on this host: nothing here is stale
        }
        String hv = vm.hypervisorId();
        Optional<VmInfo> stale = existing(host, hv);
        if (stale.isEmpty()) {
            return;
        }
        if (stale.get().state() == VmInfo.PowerState.RUNNING || stale.get().state() == VmInfo.PowerState.PAUSED) {
            events.record(
                    Event.Severity.ERROR,
                    "VM_RUNS_TWICE",
                    "vm",
                    vm.id(),
                    "VM " + vm.name() + " runs on host " + host.name() + " although it was restarted on another host;"
                            + " Strata leaves both: stop the copy that must go");
            throw StrataException.conflict("VM '" + vm.name() + "' runs on host '" + host.name() + "' too");
        }
        if (!sessions.capabilities(host).contains(Capability.VM_DEFINE)) {
            return;
        }
        try (InFlight.Operation op = inFlight.begin(hv)) {
            sessions.call(host, s -> {
                s.undefine(hv);
                return null;
            });
        }
        events.record(
                Event.Severity.INFO,
                "VM_STALE_DEFINITION_REMOVED",
                "vm",
                vm.id(),
                "The definition VM " + vm.name() + " left on host " + host.name() + " when it was restarted elsewhere"
                        + " was removed");
    }

    @Override
    public void fencedOff(String vmId, String hostName) {
        VirtualMachine vm = repository.vm(vmId).orElse(null);
        if (vm == null || vm.state() == VmState.STOPPED) {
            return;
        }
        events.recordAlong(() -> repository.changeVmState(
                vmId,
                VmState.STOPPED,
                new NewEvent(
                        Event.Severity.WARNING,
                        "VM_STATE_CHANGED",
                        "vm",
                        vmId,
                        "VM " + vm.name() + " is now STOPPED: its host " + hostName + " was fenced (powered off)")));
    }

    private StoredHost host(String hostId) {
        return hosts.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
    }
}

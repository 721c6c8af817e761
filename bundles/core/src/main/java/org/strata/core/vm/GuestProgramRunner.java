package org.strata.core.vm;

import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.vm.GuestPrograms;
import org.strata.api.vm.VmState;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;

/**
 * Programs run in running guests through their agent ({@link GuestPrograms}), for the layers above core (patching).
 * Found as {@link VmManager#guest} finds the guest: the VM's host session, the driver's presence and {@code
 * GUEST_EXEC} checked first (501), then the VM's state in the inventory (409). No task: the caller (a scan, a
 * remediation task) is the unit of work and waits for the answer. Driver faults become API errors in the session pool,
 * as for every hypervisor call.
 *
 * <p>Each run is recorded as an event of the VM ({@value #EVENT}): who ran which program and how it ended, never its
 * arguments, input or output, which may hold what a guest's owner would not show (a package list is harmless, a
 * command line with a password is not). An event rather than a history entry: a run changes no configuration that
 * the inventory records, and the history holds configuration changes only.
 */
@Component(service = GuestPrograms.class)
public final class GuestProgramRunner implements GuestPrograms {

    static final String EVENT = "VM_GUEST_PROGRAM";

    private final VmManager vms;
    private final HostSessions sessions;
    private final EventLog events;

    @Activate
    public GuestProgramRunner(@Reference VmManager vms, @Reference HostSessions sessions, @Reference EventLog events) {
        this.vms = vms;
        this.sessions = sessions;
        this.events = events;
    }

    @Override
    public GuestProgramResult run(String vmId, List<String> argv, String input, Duration timeout, String principal) {
        if (argv == null
                || argv.isEmpty()
                || argv.get(0) == null
                || !argv.get(0).startsWith("/")) {
            throw StrataException.invalid("a guest program is named by its absolute path first: " + argv);
        }
        if (argv.stream().anyMatch(a -> a == null)) {
            throw StrataException.invalid("a guest program's arguments cannot be null");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw StrataException.invalid("a guest program needs a positive timeout: " + timeout);
        }
        VmManager.Target t = vms.target(vmId);
        vms.requireCapability(t.host(), Capability.GUEST_EXEC, "run programs in guests");
        if (t.vm().state() != VmState.RUNNING) {
            throw StrataException.conflict("VM '" + t.vm().name() + "' is " + t.vm().state()
                    + ": programs run only in a running guest; allowed when RUNNING");
        }
        String path = argv.get(0);
        GuestCommand command = new GuestCommand(path, argv.subList(1, argv.size()), input, timeout);
        String who = principal == null || principal.isBlank() ? "someone" : principal;
        GuestCommandResult result;
        try {
            result = sessions.call(t.host(), s -> s.guestExec(t.vm().hypervisorId(), command));
        } catch (StrataException e) {
            events.record(
                    Event.Severity.WARNING,
                    EVENT,
                    "vm",
                    t.vm().id(),
                    who + " could not run " + path + " in the guest of VM " + t.vm().name() + ": " + e.code());
            throw e;
        }
        events.record(
                Event.Severity.INFO,
                EVENT,
                "vm",
                t.vm().id(),
                who + " ran " + path + " in the guest of VM " + t.vm().name() + ": exit status " + result.exitCode());
        return new GuestProgramResult(result.exitCode(), result.output(), result.error(), result.truncated());
    }
}

package org.strata.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningState;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.engine.TaskCancelledException;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskWork;

/**
 * One provisioning as a task (operation {@code os.provision}, long lane: it waits minutes for the OS): the machine is
 * made to network-boot from Strata and (re)started, then the task follows the callbacks of the installer and the OS
 * until the OS says it booted. Every step is recorded before the next; run again after a Strata restart, the work
 * does not boot the machine a second time once it booted, it only waits.
 */
final class ProvisionWork implements TaskWork {

    private static final Duration STEP_WAIT = Duration.ofMinutes(5);

    private final OsManager os;
    private final String id;

    ProvisionWork(OsManager os, String id) {
        this.os = os;
        this.id = id;
    }

    @Override
    public String run(TaskContext context) throws Exception {
        try {
            Provisioning p = current();
            if (p.state() == ProvisioningState.PREPARING) {
                context.progress(5, "preparing " + p.hostname());
                boot(p, context);
            }
            return await(context);
        } catch (TaskCancelledException e) {
            cancelled();
            throw e;
        } catch (InterruptedException e) {
            // A cancelled task's thread is interrupted while it waits for a callback.
            cancelled();
            Thread.currentThread().interrupt();
            throw e;
        } catch (StrataException e) {
            os.store().step(id, ProvisioningState.FAILED, "failed", e.getMessage(), e.getMessage());
            throw e;
        } finally {
            os.ended(id);
        }
    }

    /**
     * Records the cancellation with the thread's interrupt (the engine's cancellation) cleared meanwhile: H2 closes its
     * database file when a thread interrupted inside its file I/O, and the whole repository with it.
     */
    private void cancelled() {
        boolean interrupted = Thread.interrupted();
        try {
            os.store().step(id, ProvisioningState.CANCELLED, "cancelled", "its task was cancelled", "cancelled");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Provisioning current() {
        return os.store().provisioning(id).orElseThrow(() -> StrataException.notFound("provisioning", id));
    }

    /** The machine network-boots next, and is (re)started: a VM through its boot order, a machine through its BMC. */
    private void boot(Provisioning p, TaskContext context) throws InterruptedException {
        if (p.targetType().equals("vm")) {
            VirtualMachine vm = os.vms().vm(p.targetId());
            VmSpec spec = vm.spec();
            List<String> order = new ArrayList<>(List.of("network"));
            spec.bootOrder().stream().filter(d -> !d.equals("network")).forEach(order::add);
            if (!order.contains("disk")) {
                order.add("disk"); // and once installed, from the disk the installer wrote
            }
            if (vm.state() != VmState.STOPPED) {
                await(os.vms().act(vm.id(), "poweroff", null, OsManagerPrincipal.NAME), "power off " + vm.name());
            }
            await(
                    os.vms()
                            .update(
                                    vm.id(),
                                    new VmSpec(
                                            spec.name(),
                                            spec.cpus(),
                                            spec.memoryMb(),
                                            spec.guestMode(),
                                            spec.disks(),
                                            spec.nics(),
                                            spec.pciDevices(),
                                            order,
                                            spec.graphics(),
                                            spec.serialConsole(),
                                            spec.resources()),
                                    OsManagerPrincipal.NAME),
                    "boot " + vm.name() + " from the network");
            context.progress(15, "starting " + vm.name());
            await(os.vms().act(vm.id(), "start", null, OsManagerPrincipal.NAME), "start " + vm.name());
        } else {
            context.progress(10, "setting the boot device of the machine to PXE");
            await(
                    os.hardware().bootDevice(p.targetId(), "pxe", false, OsManagerPrincipal.NAME),
                    "set the machine's boot device to PXE");
            String power = os.hardware().powerState(p.targetId());
            context.progress(15, "powering the machine " + ("on".equalsIgnoreCase(power) ? "off and on" : "on"));
            await(
                    os.hardware()
                            .power(
                                    p.targetId(),
                                    "on".equalsIgnoreCase(power) ? "cycle" : "on",
                                    OsManagerPrincipal.NAME),
                    "power the machine on");
        }
        os.store().step(id, ProvisioningState.BOOTING, "booting", "network boot from Strata", "booting");
    }

    private void await(Task task, String what) throws InterruptedException {
        Task end = os.tasks().await(task.id(), STEP_WAIT);
        if (end.state() != TaskState.SUCCEEDED) {
            throw StrataException.conflict("could not " + what + ": "
                    + (end.errorMessage() == null ? end.state().name() : end.errorMessage()));
        }
    }

    /** Follows the callbacks until the OS booted, the provisioning failed, or nothing came in time. */
    private String await(TaskContext context) throws InterruptedException {
        long deadline = System.nanoTime() + os.callbackWait().toNanos();
        while (true) {
            context.checkCancelled();
            Provisioning p = current();
            switch (p.state()) {
                case BOOTED -> {
                    os.events()
                            .record(
                                    Event.Severity.INFO,
                                    "OS_PROVISIONING_DONE",
                                    p.targetType().equals("vm") ? "vm" : "host",
                                    p.targetId(),
                                    p.hostname() + " is provisioned: its OS called back");
                    return p.hostname() + " booted " + p.profileId();
                }
                case FAILED ->
                    throw StrataException.conflict("the provisioning failed: "
                            + (p.message() == null ? "the OS reported a failure" : p.message()));
                case CANCELLED -> throw new TaskCancelledException();
                case INSTALLING -> context.progress(50, "the installer runs");
                case INSTALLED -> context.progress(80, "installed; the machine boots its new OS");
                default -> context.progress(25, "waiting for the machine to network-boot");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw StrataException.conflict("no callback from " + p.hostname() + " within "
                        + os.callbackWait().toMinutes() + " minutes (last state " + p.state() + ")");
            }
            // Woken by the callback; the bound keeps cancellation and the deadline looked at.
            os.awaitCallback(id, Math.min(1000, Math.max(1, left / 1_000_000)));
        }
    }

    /** The principal Strata's own steps run as. */
    static final class OsManagerPrincipal {
        static final String NAME = "strata-os";

        private OsManagerPrincipal() {}
    }
}

package org.strata.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.os.OsImage;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.engine.TaskCancelledException;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskWork;
import org.strata.repository.OsStore;

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

    private OsStore.StoredProvisioning stored() {
        return os.store().stored(id).orElseThrow(() -> StrataException.notFound("provisioning", id));
    }

    private Provisioning current() {
        return os.store().provisioning(id).orElseThrow(() -> StrataException.notFound("provisioning", id));
    }

    /**
     * The image methods' disk first (image deploy and SAN boot clone the image to a volume of their own), then the
     * machine network-boots next, and is (re)started: a VM through its boot order, a machine through its BMC.
     */
    private void boot(Provisioning p, TaskContext context) throws InterruptedException {
        Volume clone = null;
        if (p.method() == ProvisioningMethod.IMAGE_DEPLOY || p.method() == ProvisioningMethod.SAN_BOOT) {
            clone = cloneImage(context);
        }
        if (p.targetType().equals("vm")) {
            VirtualMachine vm = os.vms().vm(p.targetId());
            VmSpec spec = vm.spec();
            List<VmDisk> disks = spec.disks();
            String serialNumber = spec.serialNumber();
            List<String> order;
            String what;
            if (p.method() == ProvisioningMethod.IMAGE_DEPLOY) {
                // The clone is the VM's disk, which it boots; its OS reads where its seed is in the serial number.
                disks = withDisk(spec.disks(), ImageMethods.targetDisk(vm), clone);
                serialNumber = os.seedSerialNumber(stored());
                order = new ArrayList<>(List.of("disk"));
                spec.bootOrder().stream().filter(d -> !d.equals("disk")).forEach(order::add);
                what = "give " + vm.name() + " its new disk";
            } else {
                order = new ArrayList<>(List.of("network"));
                spec.bootOrder().stream().filter(d -> !d.equals("network")).forEach(order::add);
                if (!order.contains("disk") && p.method() == ProvisioningMethod.NETWORK_INSTALL) {
                    order.add("disk"); // and once installed, from the disk the installer wrote
                }
                what = "boot " + vm.name() + " from the network";
            }
            if (vm.state() != VmState.STOPPED) {
                await(os.vms().act(vm.id(), "poweroff", null, OsManagerPrincipal.NAME), "power off " + vm.name());
            }
            VmSpec next = new VmSpec(
                    spec.name(),
                    spec.cpus(),
                    spec.memoryMb(),
                    spec.guestMode(),
                    disks,
                    spec.nics(),
                    spec.pciDevices(),
                    order,
                    spec.graphics(),
                    spec.serialConsole(),
                    spec.resources(),
                    serialNumber);
            await(os.vms().update(vm.id(), next, OsManagerPrincipal.NAME), what);
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
        String how = p.method() == ProvisioningMethod.IMAGE_DEPLOY
                ? "boot from the disk cloned from the image"
                : "network boot from Strata";
        os.store().step(id, ProvisioningState.BOOTING, "booting", how, "booting");
    }

    /**
     * The image cloned to the volume named after this provisioning, on the image's pool. A clone left by a run that
     * stopped half way (Strata stopped during the copy) is deleted and made again: nothing tells a whole copy from
     * a partial one.
     */
    private Volume cloneImage(TaskContext context) throws InterruptedException {
        OsStore.StoredProvisioning stored = stored();
        OsImage image = os.image(stored.imageId());
        String name = ImageMethods.cloneName(id);
        StorageService storage = os.storage();
        boolean exists = storage.volumes(image.storageHostId(), image.pool()).stream()
                .anyMatch(v -> v.name().equals(name));
        if (exists) {
            await(
                    storage.deleteVolume(image.storageHostId(), image.pool(), name, OsManagerPrincipal.NAME),
                    "delete the partial clone " + name);
        }
        context.progress(8, "cloning image " + image.name() + " to " + name);
        await(
                storage.cloneVolume(image.storageHostId(), image.pool(), image.volume(), name, OsManagerPrincipal.NAME),
                "clone image " + image.name());
        Volume clone = storage.volume(image.storageHostId(), image.pool(), name);
        os.store().step(id, null, "cloned", image.name() + " cloned to " + clone.path(), null);
        return clone;
    }

    /** The VM's disks with {@code target} (one of them, or a new one) now the clone. */
    private static List<VmDisk> withDisk(List<VmDisk> disks, VmDisk target, Volume clone) {
        VmDisk cloned = new VmDisk(
                "disk",
                clone.path(),
                clone.format(),
                target.bus() == null ? "virtio" : target.bus(),
                target.target(),
                false);
        List<VmDisk> out = new ArrayList<>();
        boolean replaced = false;
        for (VmDisk d : disks) {
            if (!replaced && d.target() != null && d.target().equals(target.target())) {
                out.add(cloned);
                replaced = true;
            } else {
                out.add(d);
            }
        }
        if (!replaced) {
            out.add(0, cloned);
        }
        return out;
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

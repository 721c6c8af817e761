package org.strata.patching;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.os.OsImage;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.InstalledSoftware.SoftwarePackage;
import org.strata.api.patch.TargetKind;
import org.strata.api.storage.Volume;
import org.strata.api.vm.GuestPrograms;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmState;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.ImageInspection;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;

/**
 * Reads what a target has installed: a running VM through its guest agent (the OS driver names the query, the guest
 * runs it), anything else offline from its disk (the disk image tools). Which OS it is, and so which driver speaks
 * for it, comes from the agent's OS report or the tools' inspection, read by the OS drivers' {@code recognize}.
 */
final class SoftwareReader {

    static final String AGENT = "agent";
    static final String OFFLINE = "offline";

    /** A query lists a few thousand packages: seconds, even under emulation. */
    static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    /** What was read, and who speaks for it. */
    record Reading(
            TargetKind kind,
            String targetId,
            String targetName,
            InstalledSoftware software,
            PatchDrivers.Recognized os,
            DiskImage disk,
            VirtualMachine vm,
            OsImage image) {}

    private final Platform platform;
    private final PatchDrivers drivers;
    private final Clock clock;

    SoftwareReader(Platform platform, PatchDrivers drivers, Clock clock) {
        this.platform = platform;
        this.drivers = drivers;
        this.clock = clock;
    }

    Reading read(TargetKind kind, String id, String principal) {
        return switch (kind) {
            case VM, TEMPLATE -> readVm(kind, platform.vms().vm(id), principal);
            case IMAGE -> readImage(platform.os().image(id));
        };
    }

    private Reading readVm(TargetKind kind, VirtualMachine vm, String principal) {
        if (kind == TargetKind.TEMPLATE && !vm.template()) {
            throw StrataException.invalid("VM '" + vm.name() + "' is not a template");
        }
        if (vm.state() == VmState.RUNNING) {
            VmGuest guest = reportingOs(vm);
            PatchDrivers.Recognized os = recognized(osInfo(guest.os()), "VM '" + vm.name() + "'");
            OsCommand query = driverCall(() -> os.driver().packageQuery(os.facts()), "reading its packages");
            GuestPrograms.GuestProgramResult result =
                    platform.programs().run(vm.id(), query.argv(), query.input(), QUERY_TIMEOUT, principal);
            if (result.exitCode() != 0) {
                throw new StrataException(
                        ErrorCode.DRIVER_FAILURE,
                        "the package query in VM '" + vm.name() + "' exited with " + result.exitCode() + ": "
                                + tail(result.error()));
            }
            List<InstalledPackage> packages =
                    driverCall(() -> os.driver().parsePackages(os.facts(), result.output()), "reading its packages");
            return new Reading(
                    kind, vm.id(), vm.name(), software(kind, vm.id(), AGENT, os, packages), os, null, vm, null);
        }
        if (vm.state() != VmState.STOPPED) {
            throw StrataException.conflict(
                    "VM '" + vm.name() + "' is " + vm.state().name().toLowerCase()
                            + ": its software is read through its agent while it runs, or from its disk while it is stopped");
        }
        DiskImage disk = disk(vm);
        return offline(kind, vm.id(), vm.name(), disk, vm, null);
    }

    /**
     * The agent's report, which must name the guest's OS: an agent that answers without it refused that command (an
     * agent too old for {@code guest-get-osinfo}, or one whose guest's file systems are frozen).
     */
    private VmGuest reportingOs(VirtualMachine vm) {
        VmGuest guest = platform.vms().guest(vm.id());
        if (!guest.agentRunning()) {
            throw StrataException.conflict(
                    "the guest agent of VM '" + vm.name() + "' does not answer: " + guest.reason());
        }
        if (osInfo(guest.os()).isEmpty()) {
            throw StrataException.conflict("the guest agent of VM '" + vm.name() + "' answers, but not with its OS"
                    + " (an agent without guest-get-osinfo, or a guest whose file systems are frozen)");
        }
        return guest;
    }

    private Reading readImage(OsImage image) {
        Volume volume = platform.storage().volume(image.storageHostId(), image.pool(), image.volume());
        return offline(
                TargetKind.IMAGE,
                image.id(),
                image.name(),
                diskOf(volume.path(), volume.format(), "golden image '" + image.name() + "'"),
                null,
                image);
    }

    /** The disk of an image's volume, as this node reaches it. */
    static DiskImage diskOf(String path, String format, String what) {
        if (path == null || path.isBlank()) {
            throw StrataException.conflict("the disk of " + what + " has no path Strata can read");
        }
        if (path.startsWith("/") && !Files.isReadable(Path.of(path))) {
            throw StrataException.conflict("the disk of " + what + " is not reachable from this Strata node at " + path
                    + " (offline work reads disks where Strata runs)");
        }
        try {
            return new DiskImage(path, format == null || format.isBlank() ? "raw" : format);
        } catch (IllegalArgumentException e) {
            throw StrataException.conflict("the disk of " + what + " is not one Strata can read: " + e.getMessage());
        }
    }

    /** A stopped VM's boot disk: its first disk with a source (the OS is there; data disks follow). */
    static DiskImage disk(VirtualMachine vm) {
        for (VmDisk d : vm.spec().disks()) {
            if ("disk".equals(d.device()) && d.source() != null) {
                return diskOf(d.source(), d.format(), "VM '" + vm.name() + "'");
            }
        }
        throw StrataException.conflict("VM '" + vm.name() + "' has no disk to read");
    }

    /** A disk read offline by the disk image tools, as the target {@code kind}/{@code id} (a copy of its disk too). */
    Reading offline(TargetKind kind, String id, String name, DiskImage disk, VirtualMachine vm, OsImage image) {
        ImageInspection inspection = driverCall(
                () -> drivers.imageTools(Capability.IMAGE_INSPECTION).inspect(disk), "reading the disk of " + name);
        PatchDrivers.Recognized os = recognized(inspection.os(), name);
        return new Reading(kind, id, name, software(kind, id, OFFLINE, os, inspection.packages()), os, disk, vm, image);
    }

    private PatchDrivers.Recognized recognized(Map<String, String> osInfo, String what) {
        PatchDrivers.Recognized os = drivers.recognize(osInfo)
                .orElseThrow(() -> new StrataException(
                        ErrorCode.UNSUPPORTED,
                        "no OS driver running now recognizes the OS of " + what + " ("
                                + osInfo.getOrDefault("pretty-name", osInfo.getOrDefault("id", "no OS reported"))
                                + ")"));
        if (!PatchDrivers.patches(os.driver())) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "the OS driver " + os.driver().descriptor().id() + " of " + what + " does not patch "
                            + os.facts().name() + " (no OS_PATCHING)");
        }
        return os;
    }

    private InstalledSoftware software(
            TargetKind kind, String id, String method, PatchDrivers.Recognized os, List<InstalledPackage> packages) {
        List<SoftwarePackage> list = packages.stream()
                .map(p -> new SoftwarePackage(p.name(), p.version(), p.architecture()))
                .sorted(java.util.Comparator.comparing(SoftwarePackage::name)
                        .thenComparing(p -> p.architecture() == null ? "" : p.architecture()))
                .toList();
        return new InstalledSoftware(
                kind, id, method, os.facts().name(), os.facts().family(), list, clock.instant());
    }

    static Map<String, String> osInfo(VmGuest.GuestOs os) {
        Map<String, String> info = new LinkedHashMap<>();
        if (os == null) {
            return info;
        }
        put(info, "id", os.id());
        put(info, "name", os.name());
        put(info, "pretty-name", os.prettyName());
        put(info, "version", os.version());
        put(info, "version-id", os.versionId());
        put(info, "kernel-release", os.kernel());
        put(info, "machine", os.machine());
        return info;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    /** The last lines of a program's output, for a message. */
    static String tail(String text) {
        if (text == null || text.isBlank()) {
            return "(no output)";
        }
        String t = text.strip();
        return t.length() <= 600 ? t : "..." + t.substring(t.length() - 600);
    }

    static <T> T driverCall(java.util.function.Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (DriverException e) {
            throw PatchDrivers.failure(e, what);
        }
    }
}

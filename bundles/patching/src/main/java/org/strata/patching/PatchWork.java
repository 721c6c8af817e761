package org.strata.patching;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.Compliance.MissingPackage;
import org.strata.api.patch.ComplianceStatus;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;
import org.strata.api.storage.Volume;
import org.strata.api.vm.GuestPrograms.GuestProgramResult;
import org.strata.api.vm.SnapshotRequest;
import org.strata.engine.TaskCancelledException;
import org.strata.engine.TaskContext;
import org.strata.spi.Capability;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.FileCopy;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * The bodies of the scan and remediation tasks (docs/os-patching.md): one target after another, each read, judged
 * and, for a remediation, patched, so that one target's failure is that target's and the others are still done.
 */
final class PatchWork {

    private static final Logger LOG = LoggerFactory.getLogger(PatchWork.class);

    /** An upgrade through apt or dnf may take long on a slow mirror; longer is a hung guest. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

    /** Where package files are put in an image patched offline, and removed from after. */
    static final String IMAGE_CACHE = "/var/cache/strata-patch";

    private final Platform platform;
    private final PatchDrivers drivers;
    private final PatchRecords records;
    private final SoftwareReader reader;
    private final Clock clock;

    PatchWork(Platform platform, PatchDrivers drivers, PatchRecords records, Clock clock) {
        this.platform = platform;
        this.drivers = drivers;
        this.records = records;
        this.reader = new SoftwareReader(platform, drivers, clock);
        this.clock = clock;
    }

    // ---- reading a target's software

    String readSoftware(TargetKind kind, String id, String principal) {
        SoftwareReader.Reading reading = reader.read(kind, id, principal);
        records.saveSoftware(reading.software());
        return reading.software().packages().size() + " packages ("
                + reading.software().method() + ")";
    }

    // ---- scan

    String scan(TaskContext context, String baselineId, List<Target> targets, String principal) {
        int[] counts = new int[ComplianceStatus.values().length];
        for (int i = 0; i < targets.size(); i++) {
            context.checkCancelled();
            Target target = targets.get(i);
            context.progress(100 * i / Math.max(1, targets.size()), "reading " + describe(target));
            Baseline baseline = records.baseline(baselineId);
            Compliance verdict = judge(baseline, target, principal);
            records.saveCompliance(verdict);
            counts[verdict.status().ordinal()]++;
        }
        return summary(counts);
    }

    /** A target's verdict now: read, then compared; a target that cannot be read is UNKNOWN, with why. */
    private Compliance judge(Baseline baseline, Target target, String principal) {
        SoftwareReader.Reading reading;
        try {
            reading = reader.read(target.kind(), target.id(), principal);
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw e;
            }
            return unknown(baseline, target, name(target), e.getMessage());
        }
        records.saveSoftware(reading.software());
        return verdict(baseline, reading);
    }

    private Compliance verdict(Baseline baseline, SoftwareReader.Reading reading) {
        PackageRepository repository = records.repository(baseline.repositoryId());
        if (!applies(baseline, repository, reading)) {
            return new Compliance(
                    baseline.id(),
                    reading.kind(),
                    reading.targetId(),
                    reading.targetName(),
                    ComplianceStatus.NOT_APPLICABLE,
                    reading.software().method(),
                    List.of(),
                    null,
                    clock.instant());
        }
        List<MissingPackage> missing = check(reading)
                .missing(
                        baseline,
                        records.packages(repository.id()),
                        reading.software().packages());
        return new Compliance(
                baseline.id(),
                reading.kind(),
                reading.targetId(),
                reading.targetName(),
                missing.isEmpty() ? ComplianceStatus.COMPLIANT : ComplianceStatus.NON_COMPLIANT,
                reading.software().method(),
                missing,
                null,
                clock.instant());
    }

    /**
     * Whether the baseline is for what the target runs: its profile, or, when the OS driver names no profile for
     * the release it found, a profile of the same driver; and a repository of its family.
     */
    private boolean applies(Baseline baseline, PackageRepository repository, SoftwareReader.Reading reading) {
        if (!repository.family().equals(reading.os().facts().family())) {
            return false;
        }
        String profile = reading.os().facts().profileId();
        if (profile != null) {
            return profile.equals(baseline.profileId());
        }
        return drivers.profile(baseline.profileId())
                .map(p -> p.driver()
                        .descriptor()
                        .id()
                        .equals(reading.os().driver().descriptor().id()))
                .orElse(false);
    }

    private ComplianceCheck check(SoftwareReader.Reading reading) {
        return new ComplianceCheck((a, b) -> SoftwareReader.driverCall(
                () -> reading.os().driver().compareVersions(a, b), "comparing package versions"));
    }

    // ---- remediation

    String remediate(TaskContext context, String baselineId, List<Target> targets, String principal)
            throws InterruptedException {
        List<String> failures = new ArrayList<>();
        int patched = 0;
        int already = 0;
        for (int i = 0; i < targets.size(); i++) {
            context.checkCancelled();
            Target target = targets.get(i);
            String name = name(target);
            context.progress(100 * i / Math.max(1, targets.size()), "patching " + name);
            try {
                if (remediate(context, records.baseline(baselineId), target, name, principal)) {
                    patched++;
                } else {
                    already++;
                }
            } catch (TaskCancelledException | InterruptedException e) {
                throw e;
            } catch (StrataException e) {
                failures.add(name + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Patching {} failed", name, e);
                failures.add(name + ": " + e);
            }
        }
        String summary = patched + " patched, " + already + " compliant already";
        if (!failures.isEmpty()) {
            throw new StrataException(
                    ErrorCode.CONFLICT, summary + ", " + failures.size() + " failed: " + String.join("; ", failures));
        }
        return summary;
    }

    /** Patches one target; false when it was compliant already. Throws what failed, the target left as it was. */
    private boolean remediate(TaskContext context, Baseline baseline, Target target, String name, String principal)
            throws InterruptedException {
        SoftwareReader.Reading reading = reader.read(target.kind(), target.id(), principal);
        records.saveSoftware(reading.software());
        Compliance before = verdict(baseline, reading);
        records.saveCompliance(before);
        if (before.status() == ComplianceStatus.NOT_APPLICABLE) {
            throw StrataException.invalid("baseline '" + baseline.name() + "' is not for " + name + " ("
                    + reading.software().os() + ")");
        }
        if (before.missing().isEmpty()) {
            return false;
        }
        PackageRepository repository = records.repository(baseline.repositoryId());
        if (reading.software().method().equals(SoftwareReader.AGENT)) {
            patchRunning(context, baseline, repository, reading, before.missing(), principal);
        } else if (target.kind() == TargetKind.IMAGE) {
            patchImage(context, baseline, repository, reading, before.missing(), principal);
        } else {
            patchStopped(context, baseline, repository, reading, before.missing(), principal);
        }
        return true;
    }

    /** A running VM: a snapshot, the driver's commands through the agent, a check, and back to the snapshot on failure. */
    private void patchRunning(
            TaskContext context,
            Baseline baseline,
            PackageRepository repository,
            SoftwareReader.Reading reading,
            List<MissingPackage> missing,
            String principal)
            throws InterruptedException {
        String vmId = reading.targetId();
        String snapshot = snapshotName(context);
        List<PackageRequirement> wanted = missing.stream()
                .map(m -> new PackageRequirement(m.name(), m.required()))
                .toList();
        List<OsCommand> commands = SoftwareReader.driverCall(
                () -> reading.os().driver().patchCommands(reading.os().facts(), source(repository), wanted),
                "making the patch commands");
        platform.await(
                platform.snapshots()
                        .createSnapshot(
                                vmId,
                                new SnapshotRequest(
                                        snapshot, "before patching with baseline " + baseline.name(), null, null),
                                principal),
                "take snapshot " + snapshot + " of " + reading.targetName());
        try {
            for (OsCommand command : commands) {
                context.checkCancelled();
                GuestProgramResult result =
                        platform.programs().run(vmId, command.argv(), command.input(), COMMAND_TIMEOUT, principal);
                if (result.exitCode() != 0) {
                    throw new StrataException(
                            ErrorCode.CONFLICT,
                            command.argv().get(0) + " exited with " + result.exitCode() + ": "
                                    + SoftwareReader.tail(result.output() + "\n" + result.error()));
                }
            }
            recheck(baseline, reader.read(reading.kind(), vmId, principal), "after patching");
        } catch (StrataException | TaskCancelledException e) {
            rollBack(reading, snapshot, principal);
            throw e instanceof StrataException s
                    ? new StrataException(s.code(), s.getMessage() + " (rolled back to snapshot " + snapshot + ")")
                    : e;
        }
        platform.await(
                platform.snapshots().deleteSnapshot(vmId, snapshot, principal),
                "delete snapshot " + snapshot + " of " + reading.targetName());
    }

    private void rollBack(SoftwareReader.Reading reading, String snapshot, String principal)
            throws InterruptedException {
        platform.await(
                platform.snapshots().revertSnapshot(reading.targetId(), snapshot, principal),
                "roll " + reading.targetName() + " back to snapshot " + snapshot);
        platform.await(
                platform.snapshots().deleteSnapshot(reading.targetId(), snapshot, principal),
                "delete snapshot " + snapshot + " of " + reading.targetName());
        // What the guest has now is what it had: read it again for the record, if it answers.
        try {
            SoftwareReader.Reading back = reader.read(reading.kind(), reading.targetId(), principal);
            records.saveSoftware(back.software());
        } catch (StrataException e) {
            LOG.debug("No reading of {} after its roll-back: {}", reading.targetName(), e.getMessage());
        }
    }

    /**
     * A stopped VM or a template: its disk patched offline under a snapshot of the VM, which it goes back to on
     * failure and which is deleted on success. A template with linked clones is not patched in place: their disks
     * read its disk as their backing file.
     */
    private void patchStopped(
            TaskContext context,
            Baseline baseline,
            PackageRepository repository,
            SoftwareReader.Reading reading,
            List<MissingPackage> missing,
            String principal)
            throws InterruptedException {
        if (reading.vm().template()
                && !platform.templates().linkedClones(reading.targetId()).isEmpty()) {
            throw StrataException.conflict("template '" + reading.targetName()
                    + "' has linked clones reading its disk: patch a full clone of it and make that the template");
        }
        Offline offline = offline(baseline, repository, reading, missing);
        String snapshot = snapshotName(context);
        platform.await(
                platform.snapshots()
                        .createSnapshot(
                                reading.targetId(),
                                new SnapshotRequest(
                                        snapshot, "before patching with baseline " + baseline.name(), false, false),
                                principal),
                "take snapshot " + snapshot + " of " + reading.targetName());
        try {
            customizeAndCheck(context, baseline, reading, reading.disk(), offline);
        } catch (StrataException | TaskCancelledException e) {
            rollBack(reading, snapshot, principal);
            throw e;
        }
        platform.await(
                platform.snapshots().deleteSnapshot(reading.targetId(), snapshot, principal),
                "delete snapshot " + snapshot + " of " + reading.targetName());
    }

    /** A golden image: a copy of its volume patched offline, which becomes its new version on success. */
    private void patchImage(
            TaskContext context,
            Baseline baseline,
            PackageRepository repository,
            SoftwareReader.Reading reading,
            List<MissingPackage> missing,
            String principal)
            throws InterruptedException {
        Offline offline = offline(baseline, repository, reading, missing);
        var image = reading.image();
        String copy = copyName(image.volume(), context.taskId());
        platform.await(
                platform.storage().cloneVolume(image.storageHostId(), image.pool(), image.volume(), copy, principal),
                "copy volume " + image.volume() + " of image " + image.name());
        try {
            Volume volume = platform.storage().volume(image.storageHostId(), image.pool(), copy);
            DiskImage disk = SoftwareReader.diskOf(volume.path(), volume.format(), "the copy " + copy);
            customizeAndCheck(context, baseline, reading, disk, offline);
            platform.images().replaceImageVolume(image.id(), copy, principal);
        } catch (StrataException | TaskCancelledException e) {
            try {
                platform.await(
                        platform.storage().deleteVolume(image.storageHostId(), image.pool(), copy, principal),
                        "delete the copy " + copy);
            } catch (StrataException left) {
                LOG.warn("The copy {} of image {} stays: {}", copy, image.name(), left.getMessage());
            }
            throw e;
        }
    }

    /** What an offline patch copies in and runs: the repository's newest file of each missing package. */
    private record Offline(List<FileCopy> copies, List<OsCommand> commands) {}

    private Offline offline(
            Baseline baseline,
            PackageRepository repository,
            SoftwareReader.Reading reading,
            List<MissingPackage> missing) {
        if (!repository.local()) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "offline patching installs from Strata's own repositories (the disk image tools run without"
                            + " network); baseline '" + baseline.name() + "' names the external repository '"
                            + repository.name() + "'");
        }
        ComplianceCheck check = check(reading);
        List<RepositoryPackage> offered = records.packages(repository.id());
        List<FileCopy> copies = new ArrayList<>();
        List<String> inImage = new ArrayList<>();
        for (MissingPackage m : missing) {
            RepositoryPackage newest = check.offered(m.name(), m.required(), offered)
                    .orElseThrow(() -> StrataException.conflict("repository '" + repository.name() + "' has no "
                            + m.name() + (m.required() == null ? "" : " " + m.required() + " or newer")));
            Path file = records.packageFile(repository.id(), newest.fileName());
            copies.add(new FileCopy(file.toString(), IMAGE_CACHE));
            inImage.add(IMAGE_CACHE + "/" + file.getFileName());
        }
        List<OsCommand> commands = new ArrayList<>(SoftwareReader.driverCall(
                () -> reading.os().driver().offlinePatchCommands(reading.os().facts(), inImage),
                "making the offline patch commands"));
        commands.add(OsCommand.of("/bin/rm", "-rf", IMAGE_CACHE));
        return new Offline(copies, commands);
    }

    private void customizeAndCheck(
            TaskContext context, Baseline baseline, SoftwareReader.Reading reading, DiskImage disk, Offline offline) {
        context.checkCancelled();
        SoftwareReader.driverCall(
                () -> {
                    drivers.imageTools(Capability.IMAGE_CUSTOMIZATION)
                            .customize(disk, offline.copies(), offline.commands());
                    return null;
                },
                "patching " + reading.targetName() + " offline");
        context.checkCancelled();
        recheck(
                baseline,
                reader.offline(
                        reading.kind(), reading.targetId(), reading.targetName(), disk, reading.vm(), reading.image()),
                "after patching offline");
    }

    /** Records a target read again after patching and its verdict; what is still missing fails the patch. */
    private void recheck(Baseline baseline, SoftwareReader.Reading after, String when) {
        records.saveSoftware(after.software());
        Compliance now = verdict(baseline, after);
        records.saveCompliance(now);
        if (!now.missing().isEmpty()) {
            throw StrataException.conflict("still missing " + when + ": " + describe(now.missing()));
        }
    }

    // ---- helpers

    /** The repository as the guest reaches it. */
    static PackageSource source(PackageRepository repository) {
        return repository.local()
                ? PackageSource.flat(repository.url())
                : new PackageSource(repository.url(), repository.suite(), repository.components(), false);
    }

    private Compliance unknown(Baseline baseline, Target target, String name, String reason) {
        return new Compliance(
                baseline.id(),
                target.kind(),
                target.id(),
                name,
                ComplianceStatus.UNKNOWN,
                null,
                List.of(),
                reason,
                clock.instant());
    }

    private String name(Target target) {
        try {
            return switch (target.kind()) {
                case VM, TEMPLATE -> platform.vms().vm(target.id()).name();
                case IMAGE -> platform.os().image(target.id()).name();
            };
        } catch (StrataException e) {
            return target.id();
        }
    }

    private String describe(Target target) {
        return target.kind().name().toLowerCase(Locale.ROOT) + " " + name(target);
    }

    static String describe(List<MissingPackage> missing) {
        List<String> words = new ArrayList<>();
        for (MissingPackage m : missing) {
            words.add(m.name()
                    + (m.required() == null ? "" : " >= " + m.required())
                    + (m.installed() == null ? " (not installed)" : " (" + m.installed() + ")"));
        }
        return String.join(", ", words);
    }

    private static String summary(int[] counts) {
        List<String> parts = new ArrayList<>();
        for (ComplianceStatus status : ComplianceStatus.values()) {
            if (counts[status.ordinal()] > 0) {
                parts.add(counts[status.ordinal()] + " "
                        + status.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return parts.isEmpty() ? "nothing to scan" : String.join(", ", parts);
    }

    /** Snapshot names must be unique per VM; a task's id is. */
    static String snapshotName(TaskContext context) {
        return "strata-patch-" + shortId(context.taskId());
    }

    /**
     * The name of an image's patched copy: its volume's, an earlier patch's suffix replaced by this task's
     * ({@code golden.qcow2} → {@code golden-p1a2b3c4d.qcow2}), so that versions do not grow a suffix each.
     */
    static String copyName(String volume, String taskId) {
        int dot = volume.lastIndexOf('.');
        String stem = dot > 0 ? volume.substring(0, dot) : volume;
        String extension = dot > 0 ? volume.substring(dot) : "";
        return stem.replaceFirst("-p[0-9a-f]{8}$", "") + "-p" + shortId(taskId) + extension;
    }

    private static String shortId(String id) {
        String hex = id.replaceAll("[^0-9a-fA-F]", "").toLowerCase(Locale.ROOT);
        return hex.length() >= 8 ? hex.substring(hex.length() - 8) : String.format("%08x", id.hashCode());
    }
}

package org.strata.api.patch;

import java.io.InputStream;
import java.util.List;
import org.strata.api.task.Task;

/**
 * Patching (see the package). Methods throw {@link org.strata.api.StrataException} only: {@code NOT_FOUND} for an
 * unknown id, {@code INVALID} for a request that cannot be, {@code CONFLICT} for a name taken or a thing in use.
 */
public interface PatchService {

    List<PackageRepository> repositories();

    PackageRepository repository(String id);

    PackageRepository createRepository(PackageRepositorySpec spec, String principal);

    /** Removes a repository and, for a local one, its files; CONFLICT while a baseline names it. */
    void deleteRepository(String id, String principal);

    /** A local repository's packages, by name then version. */
    List<RepositoryPackage> packages(String repositoryId);

    /**
     * Adds a package file to a local repository and regenerates its index, all or nothing: INVALID for a file that
     * is not a package of the repository's family (the message says what is wrong with it), CONFLICT when the
     * repository has that name, version and architecture already, INVALID for an external repository.
     */
    RepositoryPackage uploadPackage(String repositoryId, InputStream file, String principal);

    /** Removes a package file from a local repository. */
    void deletePackage(String repositoryId, String fileName, String principal);

    List<Baseline> baselines();

    Baseline baseline(String id);

    Baseline createBaseline(BaselineSpec spec, String principal);

    Baseline updateBaseline(String id, BaselineSpec spec, String principal);

    void deleteBaseline(String id, String principal);

    /** The software a target last read had (by a scan or {@link #readSoftware}); NOT_FOUND when never read. */
    InstalledSoftware software(TargetKind kind, String targetId);

    /** A task that reads a target's software now (through its agent, or offline) and keeps it. */
    Task readSoftware(TargetKind kind, String targetId, String principal);

    /**
     * A task that scans the targets against the baseline: reads each one's software (running VMs through their agent,
     * everything else offline) and records its {@link Compliance}. Targets the baseline does not apply to are
     * {@code NOT_APPLICABLE}; one that cannot be read is {@code UNKNOWN} with the reason, and the scan goes on.
     */
    Task scan(String baselineId, PatchTargets targets, String principal);

    /** The baseline's compliance report: each target's last verdict, by target kind then name. */
    List<Compliance> compliance(String baselineId);

    /**
     * A task that makes the targets compliant with the baseline. A running VM: a snapshot, the OS driver's commands
     * through its agent, a check that it is compliant now, and back to the snapshot on any failure. A stopped VM or
     * a template: its disks patched offline on a copy that replaces them on success. A golden image: a copy of its
     * volume patched offline, which becomes the image's new version on success (the old volume stays, unchanged).
     * Targets are patched one after another; a failed one fails the task after the others were tried.
     */
    Task remediate(String baselineId, PatchTargets targets, String principal);

    /** The patch windows, by name. */
    List<PatchWindow> windows();

    PatchWindow window(String id);

    /** Makes a patch window; INVALID for expressions, a zone or a batch size that cannot be. */
    PatchWindow createWindow(PatchWindowSpec spec, String principal);

    /** Removes a patch window; a run under way goes on to its end (cancel its task to stop it). */
    void deleteWindow(String id, String principal);
}

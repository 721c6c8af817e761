package org.strata.repository;

import java.util.List;
import java.util.Optional;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;

/**
 * Patching's records (V17, docs/os-patching.md) in the API's terms: package repositories and baselines
 * (configuration, with history entries), a local repository's package files, the software each target had when last
 * read and each target's compliance per baseline (bookkeeping, without history). Every write is one transaction.
 * Checks of what the records mean (families, versions, files on disk) are the layer's; the store checks names taken,
 * what exists and what is in use.
 *
 * <p>A local repository's {@link PackageRepository#url()} is null here: it follows Strata's address, which the layer
 * knows and the store does not.
 */
public interface PatchStore {

    /** By name. */
    List<PackageRepository> repositories();

    Optional<PackageRepository> repository(String id);

    /** A local one when the spec's url is null (suite {@code ./}, no components). CONFLICT for a name taken. */
    PackageRepository createRepository(PackageRepositorySpec spec, String principal);

    /** Removes it and its package rows; NOT_FOUND, or CONFLICT while a baseline names it. */
    void deleteRepository(String id, String principal);

    /** A local repository's package files, by name, then upload time; NOT_FOUND for an unknown repository. */
    List<RepositoryPackage> packages(String repositoryId);

    /**
     * Records a package file. NOT_FOUND for an unknown repository, INVALID_INPUT for an external one, CONFLICT when it
     * has the file name, or the name, version and architecture, already.
     */
    void addPackage(String repositoryId, RepositoryPackage p);

    /** Forgets a package file; NOT_FOUND when the repository does not have it. */
    void removePackage(String repositoryId, String fileName);

    /** By name. */
    List<Baseline> baselines();

    Optional<Baseline> baseline(String id);

    /** CONFLICT for a name taken; INVALID_INPUT for an unknown repository. */
    Baseline createBaseline(BaselineSpec spec, String principal);

    /** Replaces what it says, keeping its id and creation time; NOT_FOUND, CONFLICT, INVALID_INPUT as create. */
    Baseline updateBaseline(String id, BaselineSpec spec, String principal);

    /** Removes it with its compliance rows; NOT_FOUND. */
    void deleteBaseline(String id, String principal);

    /** The software a target had when last read. */
    Optional<InstalledSoftware> software(TargetKind kind, String targetId);

    /** Keeps what a read found, replacing the target's previous read. */
    void putSoftware(InstalledSoftware software);

    /** Keeps a scan's verdict on a target, replacing the previous one; NOT_FOUND for an unknown baseline. */
    void putCompliance(Compliance compliance);

    /** The baseline's verdicts, by target kind (VMs, templates, images) then target name; NOT_FOUND. */
    List<Compliance> compliance(String baselineId);

    /** Forgets a target that is gone: its software and its verdicts under every baseline. */
    void forgetTarget(TargetKind kind, String targetId);

    /** The targets of a kind that have software or a verdict kept: what a sweep for gone targets checks. */
    java.util.Set<String> targets(TargetKind kind);

    /** The patch windows, by name ({@code nextOpening} is null: the patching layer reads the window's clock). */
    List<PatchWindow> windows();

    Optional<PatchWindow> window(String id);

    /** Records a window checked by the caller; CONFLICT for a name taken, INVALID for an unknown baseline. */
    PatchWindow createWindow(PatchWindowSpec spec, String principal);

    void deleteWindow(String id, String principal);

    /**
     * Marks the window's run for the opening that began at {@code opened}, unless a run of that opening (or a later
     * one) was marked already: true when this call marked it, so that one opening runs once.
     */
    boolean markWindowOpened(String id, java.time.Instant opened);

    /** The task of the window's last run. */
    void setWindowTask(String id, String taskId);
}

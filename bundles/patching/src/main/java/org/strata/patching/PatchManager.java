package org.strata.patching;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.strata.api.StrataException;
import org.strata.api.os.OsService;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;
import org.strata.api.storage.StorageService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.vm.GuestPrograms;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VmService;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.patching.repo.LocalRepositories;
import org.strata.patching.window.WindowClock;
import org.strata.repository.OsStore;
import org.strata.repository.PatchStore;
import org.strata.spi.DriverException;

/**
 * Patching as a service (docs/os-patching.md): repositories, baselines and their checks here; the scans and
 * remediations are tasks on the long lane ({@link PatchWork}), each on its baseline, so that two of one baseline run
 * one after another while the VM, snapshot and volume tasks they submit run on their own targets.
 */
@Component(
        service = {PatchService.class, PatchManager.class},
        configurationPid = PatchManager.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PatchManager.Config.class)
public final class PatchManager implements PatchService, PatchRecords {

    public static final String PID = "org.strata.patching";

    /** The family whose repositories Strata serves itself: flat apt repositories. */
    static final String LOCAL_FAMILY = "debian";

    @ObjectClassDefinition(
            name = "Strata patching",
            description = "Baselines, scans and remediation (docs/os-patching.md).")
    public @interface Config {
        @AttributeDefinition(
                description = "Strata's web server as the guests reach it over plain HTTP, without a trailing slash:"
                        + " local repositories are served at /repos/{id}/ below it. 10.0.2.2 is the host as QEMU's"
                        + " user networking shows it.")
        String baseUrl() default "http://10.0.2.2:8181";

        @AttributeDefinition(
                min = "0",
                description = "Seconds between two looks at the patch windows (0: windows never run, for tests).")
        int windowCheckSeconds() default 60;
    }

    private final PatchStore store;
    private final LocalRepositories local;
    private final PatchDrivers drivers;
    private final TaskEngine engine;
    private final Platform platform;
    private final PatchWork work;
    private final String baseUrl;
    private final WindowRunner windows;
    private final Clock clock;
    private final java.util.concurrent.ScheduledExecutorService scheduler;
    private volatile org.strata.api.datacenter.ClusterService clusters;

    @Activate
    public PatchManager(
            @Reference PatchStore store,
            @Reference LocalRepositories local,
            @Reference PatchDrivers drivers,
            @Reference TaskEngine engine,
            @Reference TaskService tasks,
            @Reference VmService vms,
            @Reference GuestPrograms programs,
            @Reference SnapshotService snapshots,
            @Reference TemplateService templates,
            @Reference StorageService storage,
            @Reference OsService os,
            @Reference OsStore images,
            Config config) {
        this(
                store,
                local,
                drivers,
                engine,
                new Platform(vms, programs, snapshots, templates, storage, os, images, tasks),
                config.baseUrl(),
                Clock.systemUTC(),
                java.time.Duration.ofSeconds(config.windowCheckSeconds()));
    }

    PatchManager(
            PatchStore store,
            LocalRepositories local,
            PatchDrivers drivers,
            TaskEngine engine,
            Platform platform,
            String baseUrl,
            Clock clock,
            java.time.Duration windowCheck) {
        this.store = store;
        this.local = local;
        this.drivers = drivers;
        this.engine = engine;
        this.platform = platform;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.work = new PatchWork(platform, drivers, this, clock);
        this.windows = new WindowRunner(platform, work, clock);
        this.clock = clock;
        this.scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "strata-patch-windows");
            thread.setDaemon(true);
            return thread;
        });
        if (!windowCheck.isZero()) {
            @SuppressWarnings("unused")
            var unused = scheduler.scheduleWithFixedDelay(
                    this::checkWindowsQuietly,
                    windowCheck.toMillis(),
                    windowCheck.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @org.osgi.service.component.annotations.Deactivate
    public void close() {
        scheduler.shutdownNow();
    }

    /** The datacenter layer's clusters, when it runs: hosts in maintenance mode are not patched by windows. */
    @Reference(
            cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    void bindClusters(org.strata.api.datacenter.ClusterService service) {
        this.clusters = service;
    }

    void unbindClusters(org.strata.api.datacenter.ClusterService service) {
        if (this.clusters == service) {
            this.clusters = null;
        }
    }

    // ---- repositories

    @Override
    public List<PackageRepository> repositories() {
        return store.repositories().stream().map(this::withUrl).toList();
    }

    @Override
    public PackageRepository repository(String id) {
        return withUrl(store.repository(id).orElseThrow(() -> StrataException.notFound("package repository", id)));
    }

    @Override
    public PackageRepository createRepository(PackageRepositorySpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a repository needs a name and a family");
        }
        checkName(spec.name(), "a repository's");
        if (spec.family() == null || drivers.family(spec.family()).isEmpty()) {
            throw StrataException.invalid("no OS driver running now has the family '" + spec.family()
                    + "' (a family is what a driver's guests are recognized as: debian, rhel)");
        }
        if (spec.url() != null) {
            if (!spec.url().matches("(?i)https?://\\S+")) {
                throw StrataException.invalid("an external repository's URL is http or https: " + spec.url());
            }
            try {
                new org.strata.spi.os.PackageSource(spec.url(), spec.suite(), spec.components(), false);
            } catch (IllegalArgumentException e) {
                throw StrataException.invalid(e.getMessage());
            }
        } else if (spec.suite() != null || !spec.components().isEmpty()) {
            throw StrataException.invalid(
                    "a local repository (no URL) is flat: Strata serves it without suite or components");
        } else if (!LOCAL_FAMILY.equals(spec.family())) {
            throw StrataException.invalid("Strata serves apt repositories of its own (family debian); point a "
                    + spec.family() + " baseline at an external repository (url)");
        }
        return withUrl(store.createRepository(spec, principal));
    }

    @Override
    public void deleteRepository(String id, String principal) {
        PackageRepository repository = repository(id);
        store.deleteRepository(id, principal);
        if (repository.local()) {
            local.delete(id);
        }
    }

    @Override
    public List<RepositoryPackage> packages(String repositoryId) {
        PackageRepository repository = repository(repositoryId);
        return repository.local() ? store.packages(repositoryId) : List.of();
    }

    @Override
    public RepositoryPackage uploadPackage(String repositoryId, InputStream file, String principal) {
        PackageRepository repository = repository(repositoryId);
        if (!repository.local()) {
            throw StrataException.invalid("repository '" + repository.name()
                    + "' is external: Strata only points guests at it; upload to a local repository");
        }
        if (file == null) {
            throw StrataException.invalid("no package file was sent");
        }
        // The file is in place and indexed before its row: a failed row write takes the file back out, so that the
        // served index and the store name the same files.
        RepositoryPackage added = local.add(repositoryId, file);
        try {
            store.addPackage(repositoryId, added);
        } catch (RuntimeException e) {
            try {
                local.remove(repositoryId, added.fileName());
            } catch (RuntimeException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
        return added;
    }

    @Override
    public void deletePackage(String repositoryId, String fileName, String principal) {
        PackageRepository repository = repository(repositoryId);
        if (!repository.local()) {
            throw StrataException.invalid("repository '" + repository.name() + "' is external: it has no files here");
        }
        store.removePackage(repositoryId, fileName);
        local.remove(repositoryId, fileName);
    }

    /** Names of repositories, baselines and windows: what the store and the shell take without quoting. */
    private static void checkName(String name, String whose) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw StrataException.invalid(
                    whose + " name is 1 to 64 letters, digits, dots, dashes and underscores: " + name);
        }
    }

    private PackageRepository withUrl(PackageRepository r) {
        if (!r.local()) {
            return r;
        }
        return new PackageRepository(
                r.id(), r.name(), r.family(), true, baseUrl + "/repos/" + r.id() + "/", "./", List.of(), r.created());
    }

    // ---- baselines

    @Override
    public List<Baseline> baselines() {
        return store.baselines();
    }

    @Override
    public Baseline baseline(String id) {
        return store.baseline(id).orElseThrow(() -> StrataException.notFound("baseline", id));
    }

    @Override
    public Baseline createBaseline(BaselineSpec spec, String principal) {
        check(spec);
        return store.createBaseline(spec, principal);
    }

    @Override
    public Baseline updateBaseline(String id, BaselineSpec spec, String principal) {
        baseline(id);
        check(spec);
        return store.updateBaseline(id, spec, principal);
    }

    @Override
    public void deleteBaseline(String id, String principal) {
        store.deleteBaseline(id, principal);
    }

    /** A baseline's profile runs, its repository is of the profile's family, and its versions are its family's. */
    private void check(BaselineSpec spec) {
        if (spec == null) {
            throw StrataException.invalid("a baseline needs a name, a profile and a repository");
        }
        checkName(spec.name(), "a baseline's");
        PatchDrivers.Profile profile = drivers.profile(spec.profileId())
                .orElseThrow(() -> StrataException.invalid(
                        "no OS driver running now offers the profile '" + spec.profileId() + "'"));
        if (!PatchDrivers.patches(profile.driver())) {
            throw StrataException.invalid(
                    "the OS driver " + profile.driver().descriptor().id() + " of profile '" + spec.profileId()
                            + "' does not patch (no OS_PATCHING)");
        }
        if (spec.repositoryId() == null) {
            throw StrataException.invalid("a baseline names the repository its packages are installed from");
        }
        PackageRepository repository = store.repository(spec.repositoryId())
                .orElseThrow(() -> StrataException.invalid("no package repository " + spec.repositoryId()));
        boolean sameFamily = drivers.family(repository.family())
                .map(r -> r.driver()
                        .descriptor()
                        .id()
                        .equals(profile.driver().descriptor().id()))
                .orElse(false);
        if (!sameFamily) {
            throw StrataException.invalid("repository '" + repository.name() + "' holds " + repository.family()
                    + " packages, not packages for profile '" + spec.profileId() + "'");
        }
        if (!spec.everythingInRepository() && spec.packages().isEmpty()) {
            throw StrataException.invalid(
                    "a baseline names packages, or is everything in its repository (everythingInRepository)");
        }
        List<String> seen = new ArrayList<>();
        for (BaselinePackage p : spec.packages()) {
            if (p == null || p.name() == null || !p.name().matches("[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}")) {
                throw StrataException.invalid("not a package name: " + (p == null ? null : p.name()));
            }
            if (seen.contains(p.name())) {
                throw StrataException.invalid("package " + p.name() + " is named twice");
            }
            seen.add(p.name());
            if (p.minimumVersion() != null) {
                try {
                    profile.driver().compareVersions(p.minimumVersion(), p.minimumVersion());
                } catch (DriverException e) {
                    throw StrataException.invalid(
                            "not a version for " + p.name() + ": " + p.minimumVersion() + " (" + e.getMessage() + ")");
                }
            }
        }
    }

    // ---- software, scans, remediation

    @Override
    public InstalledSoftware software(TargetKind kind, String targetId) {
        if (kind == null) {
            throw StrataException.invalid("a target kind is VM, TEMPLATE or IMAGE");
        }
        return store.software(kind, targetId)
                .orElseThrow(() -> StrataException.notFound(kind.name().toLowerCase() + " software", targetId));
    }

    @Override
    public Task readSoftware(TargetKind kind, String targetId, String principal) {
        if (kind == null) {
            throw StrataException.invalid("a target kind is VM, TEMPLATE or IMAGE");
        }
        Target.of(targets(kind, targetId), null, platform);
        return engine.submit(
                new TaskRequest(
                        "patching.read-software",
                        new TaskTarget(kind.name().toLowerCase(), targetId),
                        Lane.LONG,
                        principal,
                        List.of()),
                context -> work.readSoftware(kind, targetId, principal));
    }

    @Override
    public Task scan(String baselineId, PatchTargets targets, String principal) {
        Baseline baseline = baseline(baselineId);
        List<Target> list =
                Target.of(targets == null ? new PatchTargets(null, null, null) : targets, baseline, platform);
        return engine.submit(
                new TaskRequest(
                        "patching.scan", new TaskTarget("baseline", baselineId), Lane.LONG, principal, List.of()),
                context -> work.scan(context, baselineId, list, principal));
    }

    @Override
    public List<Compliance> compliance(String baselineId) {
        baseline(baselineId);
        return store.compliance(baselineId);
    }

    @Override
    public Task remediate(String baselineId, PatchTargets targets, String principal) {
        Baseline baseline = baseline(baselineId);
        if (targets == null || targets.isEmpty()) {
            throw StrataException.invalid("a remediation names its targets (VMs, templates, images)");
        }
        List<Target> list = Target.of(targets, baseline, platform);
        return engine.submit(
                new TaskRequest(
                        "patching.remediate", new TaskTarget("baseline", baselineId), Lane.LONG, principal, List.of()),
                context -> work.remediate(context, baselineId, list, principal));
    }

    private static PatchTargets targets(TargetKind kind, String id) {
        return switch (kind) {
            case VM -> new PatchTargets(List.of(id), null, null);
            case TEMPLATE -> new PatchTargets(null, List.of(id), null);
            case IMAGE -> new PatchTargets(null, null, List.of(id));
        };
    }

    // ---- PatchRecords, for the work

    @Override
    public Path packageFile(String repositoryId, String fileName) {
        return local.servable(repositoryId, fileName)
                .orElseThrow(() -> StrataException.conflict(
                        "the package file " + fileName + " of repository " + repositoryId + " is gone"));
    }

    @Override
    public void saveSoftware(InstalledSoftware software) {
        store.putSoftware(software);
    }

    @Override
    public void saveCompliance(Compliance compliance) {
        store.putCompliance(compliance);
    }

    // ---- patch windows

    @Override
    public List<PatchWindow> windows() {
        return store.windows().stream().map(this::withNext).toList();
    }

    @Override
    public PatchWindow window(String id) {
        return withNext(store.window(id).orElseThrow(() -> StrataException.notFound("patch window", id)));
    }

    @Override
    public PatchWindow createWindow(PatchWindowSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a patch window needs a name, a baseline, a start and an end");
        }
        checkName(spec.name(), "a patch window's");
        Baseline baseline = store.baseline(spec.baselineId() == null ? "" : spec.baselineId())
                .orElseThrow(() -> StrataException.invalid("no baseline " + spec.baselineId()));
        String zone = spec.zone() == null || spec.zone().isBlank() ? "UTC" : spec.zone();
        WindowClock.of(spec.start(), spec.end(), zone);
        int batch = spec.batchSize() == null ? 1 : spec.batchSize();
        if (batch < 1 || batch > 100) {
            throw StrataException.invalid("a window's batch size is 1 to 100 VMs, not " + batch);
        }
        PatchTargets targets = spec.targets() == null ? new PatchTargets(null, null, null) : spec.targets();
        if (!targets.isEmpty()) {
            Target.of(targets, baseline, platform);
        }
        return withNext(store.createWindow(
                new PatchWindowSpec(spec.name(), baseline.id(), targets, spec.start(), spec.end(), zone, batch),
                principal));
    }

    @Override
    public void deleteWindow(String id, String principal) {
        store.deleteWindow(id, principal);
    }

    private PatchWindow withNext(PatchWindow w) {
        Instant next = WindowClock.of(w.start(), w.end(), w.zone())
                .next(clock.instant())
                .map(WindowClock.Opening::opened)
                .orElse(null);
        return new PatchWindow(
                w.id(),
                w.name(),
                w.baselineId(),
                w.targets(),
                w.start(),
                w.end(),
                w.zone(),
                w.batchSize(),
                next,
                w.lastOpened(),
                w.lastTaskId(),
                w.created());
    }

    private void checkWindowsQuietly() {
        try {
            checkWindows();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PatchManager.class)
                    .warn("Looking at the patch windows failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Starts the run of each window open now that has not run in this opening. The store marks the opening first, so
     * a window runs once per opening, across restarts too; a Strata down for a whole opening does not catch it up.
     */
    void checkWindows() {
        Instant now = clock.instant();
        for (PatchWindow window : store.windows()) {
            Optional<WindowClock.Opening> opening =
                    WindowClock.of(window.start(), window.end(), window.zone()).openingAt(now);
            if (opening.isEmpty()
                    || (window.lastOpened() != null
                            && !window.lastOpened().isBefore(opening.get().opened()))
                    || !store.markWindowOpened(window.id(), opening.get().opened())) {
                continue;
            }
            List<Compliance> lastScan = store.compliance(window.baselineId());
            Task task = engine.submit(
                    new TaskRequest(
                            "patching.window",
                            new TaskTarget("patch-window", window.id()),
                            Lane.LONG,
                            WINDOW_PRINCIPAL,
                            List.of(new TaskTarget("baseline", window.baselineId()))),
                    context -> windows.run(
                            context, window, opening.get(), lastScan, this::inMaintenance, WINDOW_PRINCIPAL));
            store.setWindowTask(window.id(), task.id());
        }
    }

    /** The principal windows' runs are recorded as. */
    static final String WINDOW_PRINCIPAL = "strata-patch-window";

    private boolean inMaintenance(String hostId) {
        org.strata.api.datacenter.ClusterService c = clusters;
        if (c == null) {
            return false;
        }
        try {
            String mode = c.membership(hostId).maintenance();
            return mode != null && !"none".equals(mode);
        } catch (StrataException e) {
            return false;
        }
    }
}

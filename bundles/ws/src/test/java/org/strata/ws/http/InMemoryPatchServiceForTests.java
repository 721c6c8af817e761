package org.strata.ws.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.api.StrataException;
import org.strata.api.patch.Baseline;
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
import org.strata.api.task.Task;

/**
 * A hand-written stand-in for the patching service, for the in-process HTTP tests of its REST and SOAP faces only:
 * the real implementation (bundles/patching, with the OS drivers and the disk image tools) is not on this module's
 * class path. It keeps repositories, packages and baselines in maps and answers the contract's errors in a simple
 * form: INVALID for a family other than debian or rhel, a profile other than debian-12, an unknown repository named
 * by a baseline, an upload to an external repository or of a file that does not start with the ar magic of a .deb
 * (name, version and architecture are read from plain "Package:", "Version:", "Architecture:" lines in it);
 * CONFLICT for a name taken, a package already there, a repository a baseline names. Scans, reads and remediations
 * start tasks and record what they were asked; tests seed software and compliance. Patch windows are kept as given:
 * INVALID for a bad name, an unknown baseline, a start or end that is not six or seven fields (the stand-in reads no
 * cron), an unknown zone, a batch size outside 1 to 100; CONFLICT for a name taken; their next opening is always
 * {@link #NEXT_OPENING}, and removing a baseline removes its windows, as the real store does. This must not grow into
 * a second implementation.
 */
final class InMemoryPatchServiceForTests implements PatchService {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    /** Every window's next opening here: the stand-in does not evaluate cron expressions. */
    static final Instant NEXT_OPENING = Instant.parse("2026-12-12T22:00:00Z");

    private final InMemoryServicesForTests.InMemoryTaskServiceForTests tasks;
    private final Map<String, PackageRepository> repositories = new LinkedHashMap<>();
    private final Map<String, List<RepositoryPackage>> packages = new LinkedHashMap<>();
    private final Map<String, Baseline> baselines = new LinkedHashMap<>();
    private final Map<String, InstalledSoftware> software = new LinkedHashMap<>();
    private final Map<String, List<Compliance>> compliance = new LinkedHashMap<>();
    private final Map<String, PatchWindow> windows = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** What the last scan or remediation was asked to cover. */
    volatile PatchTargets lastTargets;

    InMemoryPatchServiceForTests(InMemoryServicesForTests.InMemoryTaskServiceForTests tasks) {
        this.tasks = tasks;
    }

    synchronized void forget() {
        repositories.clear();
        packages.clear();
        baselines.clear();
        software.clear();
        compliance.clear();
        windows.clear();
        lastTargets = null;
    }

    synchronized void seed(InstalledSoftware s) {
        software.put(s.targetKind() + "/" + s.targetId(), s);
    }

    synchronized void seed(String baselineId, List<Compliance> report) {
        compliance.put(baselineId, List.copyOf(report));
    }

    @Override
    public synchronized List<PackageRepository> repositories() {
        return List.copyOf(repositories.values());
    }

    @Override
    public synchronized PackageRepository repository(String id) {
        PackageRepository r = repositories.get(id);
        if (r == null) {
            throw StrataException.notFound("package repository", id);
        }
        return r;
    }

    @Override
    public synchronized PackageRepository createRepository(PackageRepositorySpec spec, String principal) {
        if (spec.name() == null || !spec.name().matches("[A-Za-z0-9._-]{1,64}")) {
            throw StrataException.invalid("a repository's name is 1 to 64 letters, digits, dots, dashes, underscores");
        }
        if (!"debian".equals(spec.family()) && !"rhel".equals(spec.family())) {
            throw StrataException.invalid("no OS driver running has the family '" + spec.family() + "'");
        }
        if (repositories.values().stream().anyMatch(r -> r.name().equals(spec.name()))) {
            throw StrataException.conflict("a repository named '" + spec.name() + "' exists");
        }
        String id = "repo-" + ids.incrementAndGet();
        boolean local = spec.url() == null;
        PackageRepository r = new PackageRepository(
                id,
                spec.name(),
                spec.family(),
                local,
                local ? "http://127.0.0.1:8181/repos/" + id + "/" : spec.url(),
                local ? "./" : spec.suite(),
                spec.components(),
                T0);
        repositories.put(id, r);
        packages.put(id, new ArrayList<>());
        return r;
    }

    @Override
    public synchronized void deleteRepository(String id, String principal) {
        repository(id);
        if (baselines.values().stream().anyMatch(b -> b.repositoryId().equals(id))) {
            throw StrataException.conflict("a baseline names repository " + id);
        }
        repositories.remove(id);
        packages.remove(id);
    }

    @Override
    public synchronized List<RepositoryPackage> packages(String repositoryId) {
        repository(repositoryId);
        return List.copyOf(packages.get(repositoryId));
    }

    @Override
    public RepositoryPackage uploadPackage(String repositoryId, InputStream file, String principal) {
        synchronized (this) {
            if (!repository(repositoryId).local()) {
                throw StrataException.invalid("repository " + repositoryId + " is external: packages go to local ones");
            }
        }
        byte[] bytes;
        try {
            bytes = file.readAllBytes();
        } catch (IOException e) {
            throw StrataException.invalid("the package file could not be read: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("!<arch>\n")) {
            throw StrataException.invalid("not a Debian package: it is no ar archive");
        }
        String name = field(text, "Package");
        String version = field(text, "Version");
        String arch = field(text, "Architecture");
        String fileName = name + "_" + version + "_" + arch + ".deb";
        synchronized (this) {
            List<RepositoryPackage> list = packages.get(repositoryId);
            if (list.stream().anyMatch(p -> p.fileName().equals(fileName))) {
                throw StrataException.conflict("repository " + repositoryId + " has " + fileName + " already");
            }
            RepositoryPackage p = new RepositoryPackage(name, version, arch, fileName, bytes.length, sha256(bytes), T0);
            list.add(p);
            return p;
        }
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": (\\S+)$").matcher(text);
        if (!m.find()) {
            throw StrataException.invalid("not a Debian package: its control data has no " + name);
        }
        return m.group(1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    @Override
    public synchronized void deletePackage(String repositoryId, String fileName, String principal) {
        repository(repositoryId);
        if (!packages.get(repositoryId).removeIf(p -> p.fileName().equals(fileName))) {
            throw StrataException.notFound("package file", fileName);
        }
    }

    @Override
    public synchronized List<Baseline> baselines() {
        return List.copyOf(baselines.values());
    }

    @Override
    public synchronized Baseline baseline(String id) {
        Baseline b = baselines.get(id);
        if (b == null) {
            throw StrataException.notFound("baseline", id);
        }
        return b;
    }

    @Override
    public synchronized Baseline createBaseline(BaselineSpec spec, String principal) {
        valid(spec, null);
        String id = "bl-" + ids.incrementAndGet();
        Baseline b = new Baseline(
                id,
                spec.name(),
                spec.profileId(),
                spec.repositoryId(),
                spec.everythingInRepository(),
                spec.packages(),
                T0,
                T0);
        baselines.put(id, b);
        return b;
    }

    private void valid(BaselineSpec spec, String id) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw StrataException.invalid("a baseline needs a name");
        }
        if (!"debian-12".equals(spec.profileId())) {
            throw StrataException.invalid("unknown OS profile '" + spec.profileId() + "'");
        }
        if (!repositories.containsKey(spec.repositoryId())) {
            throw StrataException.invalid("unknown repository '" + spec.repositoryId() + "'");
        }
        if (!spec.everythingInRepository() && spec.packages().isEmpty()) {
            throw StrataException.invalid("a baseline names packages or takes everything in its repository");
        }
        if (baselines.values().stream().anyMatch(b -> b.name().equals(spec.name()) && !b.id().equals(id))) {
            throw StrataException.conflict("a baseline named '" + spec.name() + "' exists");
        }
    }

    @Override
    public synchronized Baseline updateBaseline(String id, BaselineSpec spec, String principal) {
        Baseline old = baseline(id);
        valid(spec, id);
        Baseline b = new Baseline(
                id,
                spec.name(),
                spec.profileId(),
                spec.repositoryId(),
                spec.everythingInRepository(),
                spec.packages(),
                old.created(),
                T0.plusSeconds(60));
        baselines.put(id, b);
        return b;
    }

    @Override
    public synchronized void deleteBaseline(String id, String principal) {
        baseline(id);
        baselines.remove(id);
        compliance.remove(id);
        windows.values().removeIf(w -> w.baselineId().equals(id));
    }

    @Override
    public synchronized InstalledSoftware software(TargetKind kind, String targetId) {
        InstalledSoftware s = software.get(kind + "/" + targetId);
        if (s == null) {
            throw StrataException.notFound("software of " + kind.name().toLowerCase() + " " + targetId, targetId);
        }
        return s;
    }

    @Override
    public Task readSoftware(TargetKind kind, String targetId, String principal) {
        return tasks.start("patch.software", kind.name().toLowerCase(), targetId, principal);
    }

    @Override
    public Task scan(String baselineId, PatchTargets targets, String principal) {
        baseline(baselineId);
        lastTargets = targets;
        return tasks.start("patch.scan", "baseline", baselineId, principal);
    }

    @Override
    public synchronized List<Compliance> compliance(String baselineId) {
        baseline(baselineId);
        return compliance.getOrDefault(baselineId, List.of());
    }

    @Override
    public Task remediate(String baselineId, PatchTargets targets, String principal) {
        baseline(baselineId);
        lastTargets = targets;
        return tasks.start("patch.remediate", "baseline", baselineId, principal);
    }

    @Override
    public synchronized List<PatchWindow> windows() {
        return windows.values().stream()
                .sorted(java.util.Comparator.comparing(PatchWindow::name))
                .toList();
    }

    @Override
    public synchronized PatchWindow window(String id) {
        PatchWindow w = windows.get(id);
        if (w == null) {
            throw StrataException.notFound("patch window", id);
        }
        return w;
    }

    @Override
    public synchronized PatchWindow createWindow(PatchWindowSpec spec, String principal) {
        if (spec.name() == null || !spec.name().matches("[A-Za-z0-9._-]{1,64}")) {
            throw StrataException.invalid("a patch window's name is 1 to 64 letters, digits, dots, dashes and"
                    + " underscores: " + spec.name());
        }
        if (spec.baselineId() == null || !baselines.containsKey(spec.baselineId())) {
            throw StrataException.invalid("no baseline " + spec.baselineId());
        }
        for (String cron : java.util.Arrays.asList(spec.start(), spec.end())) {
            int fields = cron == null || cron.isBlank() ? 0 : cron.strip().split("\\s+").length;
            if (fields < 6 || fields > 7) {
                throw StrataException.invalid("'" + cron + "' is not a cron expression");
            }
        }
        String zone = spec.zone() == null || spec.zone().isBlank() ? "UTC" : spec.zone();
        try {
            java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw StrataException.invalid("not a time zone: " + zone);
        }
        int batch = spec.batchSize() == null ? 1 : spec.batchSize();
        if (batch < 1 || batch > 100) {
            throw StrataException.invalid("a window's batch size is 1 to 100 VMs, not " + batch);
        }
        if (windows.values().stream().anyMatch(w -> w.name().equals(spec.name()))) {
            throw StrataException.conflict("a patch window named '" + spec.name() + "' exists");
        }
        String id = "pw-" + ids.incrementAndGet();
        PatchWindow w = new PatchWindow(
                id,
                spec.name(),
                spec.baselineId(),
                spec.targets() == null ? new PatchTargets(null, null, null) : spec.targets(),
                spec.start(),
                spec.end(),
                zone,
                batch,
                NEXT_OPENING,
                null,
                null,
                T0);
        windows.put(id, w);
        return w;
    }

    @Override
    public synchronized void deleteWindow(String id, String principal) {
        window(id);
        windows.remove(id);
    }
}

package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.newId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.Compliance.MissingPackage;
import org.strata.api.patch.ComplianceStatus;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.InstalledSoftware.SoftwarePackage;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;
import org.strata.repository.PatchStore;

/**
 * Patching's tables (V17) over JDBC; each write one transaction, repositories and baselines with their history
 * entries. Lists of packages that are always read and written whole (a target's software, a verdict's missing
 * packages) are one text of tab-separated lines, an empty field for null.
 */
final class JdbcPatchStore implements PatchStore {

    static final String REPOSITORY = "patch-repository";
    static final String BASELINE = "patch-baseline";
    static final String WINDOW = "patch-window";

    private static final String REPOSITORY_COLUMNS = "id, name, family, is_local, url, suite, components, created_at";
    private static final String PACKAGE_COLUMNS =
            "repository_id, file_name, name, version, architecture, size_bytes, sha256, uploaded_at";
    private static final String BASELINE_COLUMNS =
            "id, name, profile_id, repository_id, everything, created_at, updated_at";
    private static final String COMPLIANCE_COLUMNS =
            "baseline_id, target_kind, target_id, target_name, status, method, missing, reason, scanned_at";

    private final Transactions tx;
    private final HistoryDao history;

    JdbcPatchStore(Transactions tx, HistoryDao history) {
        this.tx = tx;
        this.history = history;
    }

    // ---- repositories

    @Override
    public List<PackageRepository> repositories() {
        return tx.inTransaction(
                "listing package repositories",
                c -> Rows.list(
                        c,
                        "select " + REPOSITORY_COLUMNS + " from patch_repository order by name",
                        JdbcPatchStore::repository));
    }

    @Override
    public Optional<PackageRepository> repository(String id) {
        return tx.inTransaction("reading a package repository", c -> findRepository(c, id, false));
    }

    @Override
    public PackageRepository createRepository(PackageRepositorySpec spec, String principal) {
        StoreRules.require(spec.name(), "name");
        StoreRules.require(spec.family(), "family");
        boolean local = spec.url() == null;
        List<String> components = local ? List.of() : spec.components();
        components.forEach(JdbcPatchStore::requireWord);
        PackageRepository made = new PackageRepository(
                newId(),
                spec.name(),
                spec.family(),
                local,
                spec.url(),
                local || spec.suite() == null ? "./" : spec.suite(),
                components,
                Rows.now());
        return tx.inTransaction("adding a package repository", c -> {
            try {
                Rows.update(
                        c,
                        "insert into patch_repository (" + REPOSITORY_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
                        made.id(),
                        made.name(),
                        made.family(),
                        made.local(),
                        made.url(),
                        made.suite(),
                        String.join(" ", made.components()),
                        made.created());
            } catch (SQLException e) {
                throw StoreRules.conflictIfDuplicate(
                        e, "a package repository named '" + spec.name() + "' exists already");
            }
            history.record(c, principal, REPOSITORY, made.id(), Action.CREATE, null, made);
            return made;
        });
    }

    @Override
    public void deleteRepository(String id, String principal) {
        tx.inTransaction("removing a package repository", c -> {
            PackageRepository before =
                    findRepository(c, id, true).orElseThrow(() -> StrataException.notFound("package repository", id));
            List<String> users = Rows.list(
                    c,
                    "select name from patch_baseline where repository_id = ? order by name",
                    rs -> rs.getString(1),
                    id);
            if (!users.isEmpty()) {
                throw StrataException.conflict("package repository '" + before.name()
                        + "' is named by baseline(s) " + String.join(", ", users)
                        + ": change or remove them first");
            }
            try {
                Rows.update(c, "delete from patch_repository where id = ?", id);
            } catch (SQLException e) {
                // A baseline that named it meanwhile (its insert does not wait for this row's lock).
                if (SqlErrors.isForeignKeyViolation(e)) {
                    throw StrataException.conflict("package repository '" + before.name()
                            + "' is named by a baseline: change or remove it first");
                }
                throw e;
            }
            history.record(c, principal, REPOSITORY, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public List<RepositoryPackage> packages(String repositoryId) {
        return tx.inTransaction("listing a repository's packages", c -> {
            if (findRepository(c, repositoryId, false).isEmpty()) {
                throw StrataException.notFound("package repository", repositoryId);
            }
            return Rows.list(
                    c,
                    "select " + PACKAGE_COLUMNS + " from patch_repository_package where repository_id = ?"
                            + " order by name, uploaded_at, file_name",
                    JdbcPatchStore::repositoryPackage,
                    repositoryId);
        });
    }

    @Override
    public void addPackage(String repositoryId, RepositoryPackage p) {
        StoreRules.require(p.fileName(), "file name");
        StoreRules.require(p.name(), "package name");
        StoreRules.require(p.version(), "package version");
        StoreRules.require(p.architecture(), "package architecture");
        StoreRules.require(p.sha256(), "SHA-256");
        tx.inTransaction("recording a repository's package", c -> {
            PackageRepository repository = findRepository(c, repositoryId, true)
                    .orElseThrow(() -> StrataException.notFound("package repository", repositoryId));
            if (!repository.local()) {
                throw StrataException.invalid(
                        "package repository '" + repository.name() + "' is external: Strata keeps no files of it");
            }
            try {
                Rows.update(
                        c,
                        "insert into patch_repository_package (" + PACKAGE_COLUMNS
                                + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
                        repositoryId,
                        p.fileName(),
                        p.name(),
                        p.version(),
                        p.architecture(),
                        p.size(),
                        p.sha256(),
                        p.uploaded());
            } catch (SQLException e) {
                throw StoreRules.conflictIfDuplicate(
                        e,
                        "package repository '" + repository.name() + "' has " + p.name() + " " + p.version() + " ("
                                + p.architecture() + ") already");
            }
            return null;
        });
    }

    @Override
    public void removePackage(String repositoryId, String fileName) {
        tx.inTransaction("forgetting a repository's package", c -> {
            if (Rows.update(
                            c,
                            "delete from patch_repository_package where repository_id = ? and file_name = ?",
                            repositoryId,
                            fileName)
                    == 0) {
                throw StrataException.notFound("package file", fileName);
            }
            return null;
        });
    }

    // ---- baselines

    @Override
    public List<Baseline> baselines() {
        return tx.inTransaction("listing baselines", c -> {
            List<Baseline> rows = Rows.list(
                    c, "select " + BASELINE_COLUMNS + " from patch_baseline order by name", JdbcPatchStore::baseline);
            List<Baseline> full = new ArrayList<>(rows.size());
            for (Baseline b : rows) {
                full.add(withPackages(c, b));
            }
            return full;
        });
    }

    @Override
    public Optional<Baseline> baseline(String id) {
        return tx.inTransaction("reading a baseline", c -> findBaseline(c, id, false));
    }

    @Override
    public Baseline createBaseline(BaselineSpec spec, String principal) {
        requireBaseline(spec);
        return tx.inTransaction("creating a baseline", c -> {
            java.time.Instant now = Rows.now();
            Baseline made = new Baseline(
                    newId(),
                    spec.name(),
                    spec.profileId(),
                    spec.repositoryId(),
                    spec.everythingInRepository(),
                    spec.packages(),
                    now,
                    now);
            try {
                Rows.update(
                        c,
                        "insert into patch_baseline (" + BASELINE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
                        made.id(),
                        made.name(),
                        made.profileId(),
                        made.repositoryId(),
                        made.everythingInRepository(),
                        made.created(),
                        made.updated());
            } catch (SQLException e) {
                StoreRules.conflictIfDuplicate(e, "a baseline named '" + spec.name() + "' exists already");
                throw StoreRules.invalidIfReferenceMissing(e, "no package repository " + spec.repositoryId());
            }
            insertPackages(c, made);
            history.record(c, principal, BASELINE, made.id(), Action.CREATE, null, made);
            return made;
        });
    }

    @Override
    public Baseline updateBaseline(String id, BaselineSpec spec, String principal) {
        requireBaseline(spec);
        return tx.inTransaction("changing a baseline", c -> {
            Baseline before = findBaseline(c, id, true).orElseThrow(() -> StrataException.notFound("baseline", id));
            Baseline after = new Baseline(
                    id,
                    spec.name(),
                    spec.profileId(),
                    spec.repositoryId(),
                    spec.everythingInRepository(),
                    spec.packages(),
                    before.created(),
                    Rows.now());
            try {
                Rows.update(
                        c,
                        "update patch_baseline set name = ?, profile_id = ?, repository_id = ?, everything = ?,"
                                + " updated_at = ? where id = ?",
                        after.name(),
                        after.profileId(),
                        after.repositoryId(),
                        after.everythingInRepository(),
                        after.updated(),
                        id);
            } catch (SQLException e) {
                StoreRules.conflictIfDuplicate(e, "a baseline named '" + spec.name() + "' exists already");
                throw StoreRules.invalidIfReferenceMissing(e, "no package repository " + spec.repositoryId());
            }
            Rows.update(c, "delete from patch_baseline_package where baseline_id = ?", id);
            insertPackages(c, after);
            history.record(c, principal, BASELINE, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteBaseline(String id, String principal) {
        tx.inTransaction("removing a baseline", c -> {
            Baseline before = findBaseline(c, id, true).orElseThrow(() -> StrataException.notFound("baseline", id));
            Rows.update(c, "delete from patch_baseline where id = ?", id);
            history.record(c, principal, BASELINE, id, Action.DELETE, before, null);
            return null;
        });
    }

    // ---- software and compliance

    @Override
    public Optional<InstalledSoftware> software(TargetKind kind, String targetId) {
        return tx.inTransaction(
                "reading a target's software",
                c -> Rows.one(
                        c,
                        "select target_kind, target_id, method, os, family, packages, read_at from patch_software"
                                + " where target_kind = ? and target_id = ?",
                        JdbcPatchStore::software,
                        kind,
                        targetId));
    }

    @Override
    public void putSoftware(InstalledSoftware s) {
        StoreRules.require(s.targetId(), "target id");
        StoreRules.require(s.method(), "method");
        if (s.targetKind() == null || s.read() == null) {
            throw StrataException.invalid("a software read needs its target kind and time");
        }
        StringBuilder lines = new StringBuilder(s.packages().size() * 48);
        for (SoftwarePackage p : s.packages()) {
            line(lines, p.name(), p.version(), p.architecture());
        }
        tx.inTransaction("keeping a target's software", c -> {
            Rows.update(
                    c,
                    "delete from patch_software where target_kind = ? and target_id = ?",
                    s.targetKind(),
                    s.targetId());
            Rows.update(
                    c,
                    "insert into patch_software (target_kind, target_id, method, os, family, package_count, packages,"
                            + " read_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    s.targetKind(),
                    s.targetId(),
                    s.method(),
                    clip(s.os(), 255),
                    s.family(),
                    s.packages().size(),
                    lines.toString(),
                    s.read());
            return null;
        });
    }

    @Override
    public void putCompliance(Compliance v) {
        StoreRules.require(v.targetId(), "target id");
        StoreRules.require(v.targetName(), "target name");
        if (v.targetKind() == null || v.status() == null || v.scanned() == null) {
            throw StrataException.invalid("a verdict needs its target kind, status and time");
        }
        StringBuilder lines = new StringBuilder();
        for (MissingPackage m : v.missing()) {
            line(lines, m.name(), m.required(), m.installed());
        }
        tx.inTransaction("keeping a compliance verdict", c -> {
            if (findBaseline(c, v.baselineId(), true).isEmpty()) {
                throw StrataException.notFound("baseline", v.baselineId());
            }
            Rows.update(
                    c,
                    "delete from patch_compliance where baseline_id = ? and target_kind = ? and target_id = ?",
                    v.baselineId(),
                    v.targetKind(),
                    v.targetId());
            Rows.update(
                    c,
                    "insert into patch_compliance (" + COMPLIANCE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v.baselineId(),
                    v.targetKind(),
                    v.targetId(),
                    v.targetName(),
                    v.status(),
                    v.method(),
                    lines.toString(),
                    clip(v.reason(), 4000),
                    v.scanned());
            return null;
        });
    }

    @Override
    public List<Compliance> compliance(String baselineId) {
        return tx.inTransaction("reading a compliance report", c -> {
            if (findBaseline(c, baselineId, false).isEmpty()) {
                throw StrataException.notFound("baseline", baselineId);
            }
            List<Compliance> rows = new ArrayList<>(Rows.list(
                    c,
                    "select " + COMPLIANCE_COLUMNS + " from patch_compliance where baseline_id = ?",
                    JdbcPatchStore::compliance,
                    baselineId));
            // The API's order, VMs first: the enum's, which the kinds' names do not sort into.
            rows.sort(Comparator.comparing(Compliance::targetKind)
                    .thenComparing(Compliance::targetName)
                    .thenComparing(Compliance::targetId));
            return rows;
        });
    }

    @Override
    public void forgetTarget(TargetKind kind, String targetId) {
        tx.inTransaction("forgetting a target's software", c -> {
            Rows.update(c, "delete from patch_software where target_kind = ? and target_id = ?", kind, targetId);
            Rows.update(c, "delete from patch_compliance where target_kind = ? and target_id = ?", kind, targetId);
            return null;
        });
    }

    @Override
    public java.util.Set<String> targets(TargetKind kind) {
        return tx.inTransaction(
                "listing targets with software or verdicts",
                c -> new java.util.TreeSet<>(Rows.list(
                        c,
                        "select target_id from patch_software where target_kind = ? union"
                                + " select target_id from patch_compliance where target_kind = ?",
                        rs -> rs.getString(1),
                        kind,
                        kind)));
    }

    // ---- rows

    // ---- patch windows

    private static final String WINDOW_COLUMNS =
            "id, name, baseline_id, targets, start_cron, end_cron, zone, batch_size,"
                    + " last_opened, last_task_id, created_at";

    @Override
    public List<PatchWindow> windows() {
        return tx.inTransaction(
                "listing patch windows",
                c -> Rows.list(
                        c, "select " + WINDOW_COLUMNS + " from patch_window order by name", JdbcPatchStore::window));
    }

    @Override
    public Optional<PatchWindow> window(String id) {
        return tx.inTransaction(
                "reading a patch window",
                c -> Rows.one(
                        c, "select " + WINDOW_COLUMNS + " from patch_window where id = ?", JdbcPatchStore::window, id));
    }

    @Override
    public PatchWindow createWindow(PatchWindowSpec spec, String principal) {
        StoreRules.require(spec.name(), "name");
        StoreRules.require(spec.baselineId(), "baseline");
        return tx.inTransaction("making a patch window", c -> {
            PatchWindow made = new PatchWindow(
                    newId(),
                    spec.name(),
                    spec.baselineId(),
                    spec.targets() == null ? new PatchTargets(null, null, null) : spec.targets(),
                    spec.start(),
                    spec.end(),
                    spec.zone(),
                    spec.batchSize() == null ? 1 : spec.batchSize(),
                    null,
                    null,
                    null,
                    Rows.now());
            try {
                Rows.update(
                        c,
                        "insert into patch_window (id, name, baseline_id, targets, start_cron, end_cron, zone,"
                                + " batch_size, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        made.id(),
                        made.name(),
                        made.baselineId(),
                        targets(made.targets()),
                        made.start(),
                        made.end(),
                        made.zone(),
                        made.batchSize(),
                        made.created());
            } catch (SQLException e) {
                StoreRules.conflictIfDuplicate(e, "a patch window named '" + spec.name() + "' exists already");
                throw StoreRules.invalidIfReferenceMissing(e, "no baseline " + spec.baselineId());
            }
            history.record(c, principal, WINDOW, made.id(), Action.CREATE, null, made);
            return made;
        });
    }

    @Override
    public void deleteWindow(String id, String principal) {
        tx.inTransaction("removing a patch window", c -> {
            PatchWindow before = Rows.one(
                            c,
                            "select " + WINDOW_COLUMNS + " from patch_window where id = ? for update",
                            JdbcPatchStore::window,
                            id)
                    .orElseThrow(() -> StrataException.notFound("patch window", id));
            Rows.update(c, "delete from patch_window where id = ?", id);
            history.record(c, principal, WINDOW, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public boolean markWindowOpened(String id, java.time.Instant opened) {
        return tx.inTransaction(
                "marking a patch window's run",
                c -> Rows.update(
                                c,
                                "update patch_window set last_opened = ? where id = ?"
                                        + " and (last_opened is null or last_opened < ?)",
                                opened,
                                id,
                                opened)
                        == 1);
    }

    @Override
    public void setWindowTask(String id, String taskId) {
        tx.inTransaction(
                "recording a patch window's task",
                c -> Rows.update(c, "update patch_window set last_task_id = ? where id = ?", taskId, id));
    }

    private static String targets(PatchTargets targets) {
        StringBuilder lines = new StringBuilder();
        targets.vmIds().forEach(id -> lines.append("VM\t").append(id).append('\n'));
        targets.templateIds()
                .forEach(id -> lines.append("TEMPLATE\t").append(id).append('\n'));
        targets.imageIds().forEach(id -> lines.append("IMAGE\t").append(id).append('\n'));
        return lines.toString();
    }

    private static PatchWindow window(ResultSet rs) throws SQLException {
        List<String> vms = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (String line : rs.getString("targets").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String id = line.substring(tab + 1);
            switch (line.substring(0, tab)) {
                case "VM" -> vms.add(id);
                case "TEMPLATE" -> templates.add(id);
                default -> images.add(id);
            }
        }
        return new PatchWindow(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("baseline_id"),
                new PatchTargets(vms, templates, images),
                rs.getString("start_cron"),
                rs.getString("end_cron"),
                rs.getString("zone"),
                rs.getInt("batch_size"),
                null,
                Rows.instant(rs, "last_opened"),
                rs.getString("last_task_id"),
                Rows.instant(rs, "created_at"));
    }

    private static Optional<PackageRepository> findRepository(Connection c, String id, boolean lock)
            throws SQLException {
        return Rows.one(
                c,
                "select " + REPOSITORY_COLUMNS + " from patch_repository where id = ?" + (lock ? " for update" : ""),
                JdbcPatchStore::repository,
                id);
    }

    private static Optional<Baseline> findBaseline(Connection c, String id, boolean lock) throws SQLException {
        Optional<Baseline> row = Rows.one(
                c,
                "select " + BASELINE_COLUMNS + " from patch_baseline where id = ?" + (lock ? " for update" : ""),
                JdbcPatchStore::baseline,
                id);
        return row.isEmpty() ? row : Optional.of(withPackages(c, row.get()));
    }

    private static Baseline withPackages(Connection c, Baseline b) throws SQLException {
        List<BaselinePackage> packages = Rows.list(
                c,
                "select name, minimum_version from patch_baseline_package where baseline_id = ? order by seq",
                rs -> new BaselinePackage(rs.getString(1), rs.getString(2)),
                b.id());
        return new Baseline(
                b.id(),
                b.name(),
                b.profileId(),
                b.repositoryId(),
                b.everythingInRepository(),
                packages,
                b.created(),
                b.updated());
    }

    private static void insertPackages(Connection c, Baseline b) throws SQLException {
        int seq = 0;
        for (BaselinePackage p : b.packages()) {
            Rows.update(
                    c,
                    "insert into patch_baseline_package (baseline_id, seq, name, minimum_version) values (?, ?, ?, ?)",
                    b.id(),
                    seq++,
                    p.name(),
                    p.minimumVersion());
        }
    }

    private static void requireBaseline(BaselineSpec spec) {
        StoreRules.require(spec.name(), "name");
        StoreRules.require(spec.profileId(), "profile");
        StoreRules.require(spec.repositoryId(), "repository");
        for (BaselinePackage p : spec.packages()) {
            StoreRules.require(p.name(), "a required package's name");
        }
    }

    private static PackageRepository repository(ResultSet rs) throws SQLException {
        String components = rs.getString("components");
        return new PackageRepository(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("family"),
                rs.getBoolean("is_local"),
                rs.getString("url"),
                rs.getString("suite"),
                components.isEmpty() ? List.of() : Arrays.asList(components.split(" ")),
                Rows.instant(rs, "created_at"));
    }

    private static RepositoryPackage repositoryPackage(ResultSet rs) throws SQLException {
        return new RepositoryPackage(
                rs.getString("name"),
                rs.getString("version"),
                rs.getString("architecture"),
                rs.getString("file_name"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                Rows.instant(rs, "uploaded_at"));
    }

    private static Baseline baseline(ResultSet rs) throws SQLException {
        return new Baseline(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("profile_id"),
                rs.getString("repository_id"),
                rs.getBoolean("everything"),
                List.of(),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static InstalledSoftware software(ResultSet rs) throws SQLException {
        List<SoftwarePackage> packages = new ArrayList<>();
        for (String[] f : fields(rs.getString("packages"))) {
            packages.add(new SoftwarePackage(f[0], f[1], f[2]));
        }
        return new InstalledSoftware(
                TargetKind.valueOf(rs.getString("target_kind")),
                rs.getString("target_id"),
                rs.getString("method"),
                rs.getString("os"),
                rs.getString("family"),
                packages,
                Rows.instant(rs, "read_at"));
    }

    private static Compliance compliance(ResultSet rs) throws SQLException {
        List<MissingPackage> missing = new ArrayList<>();
        for (String[] f : fields(rs.getString("missing"))) {
            missing.add(new MissingPackage(f[0], f[1], f[2]));
        }
        return new Compliance(
                rs.getString("baseline_id"),
                TargetKind.valueOf(rs.getString("target_kind")),
                rs.getString("target_id"),
                rs.getString("target_name"),
                ComplianceStatus.valueOf(rs.getString("status")),
                rs.getString("method"),
                missing,
                rs.getString("reason"),
                Rows.instant(rs, "scanned_at"));
    }

    /** Appends one line of three fields; INVALID_INPUT for a field that would break the lines (no package has one). */
    private static void line(StringBuilder lines, String a, String b, String c) {
        StoreRules.require(a, "a package's name");
        lines.append(field(a))
                .append('\t')
                .append(field(b))
                .append('\t')
                .append(field(c))
                .append('\n');
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty() || value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw StrataException.invalid("a package field cannot be empty or hold a tab or a line break: '"
                    + value.replace("\t", "\\t").replace("\n", "\\n") + "'");
        }
        return value;
    }

    private static List<String[]> fields(String text) {
        List<String[]> rows = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return rows;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].isEmpty() ? null : f[i];
            }
            rows.add(f);
        }
        return rows;
    }

    /** Words that only inform (a reason, an OS's name), cut to their column rather than failing the write. */
    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void requireWord(String component) {
        if (component == null || component.isBlank() || component.contains(" ")) {
            throw StrataException.invalid("a component is one word: '" + component + "'");
        }
    }
}

package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry;
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

/** What {@link JdbcPatchStore} must do on every database; subclasses provide the database. */
public abstract class PatchStoreContractTest {

    private static final String SHA = "0".repeat(64);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private JdbcConfigRepository repo;
    private PatchStore store;

    protected abstract DatabaseSettings freshDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    @Before
    public void open() throws Exception {
        repo = new JdbcConfigRepository(freshDatabase(), temp.getRoot().toPath().resolve("key"));
        store = repo.patchStore();
    }

    @After
    public void close() throws Exception {
        if (repo != null) {
            repo.close();
        }
        dropDatabase();
    }

    private PackageRepository local(String name) {
        return store.createRepository(new PackageRepositorySpec(name, "debian", null, null, null), "alice");
    }

    private static RepositoryPackage deb(String name, String version) {
        return new RepositoryPackage(
                name,
                version,
                "all",
                name + "_" + version + "_all.deb",
                1234,
                SHA,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(StrataException.class, r::run).code();
    }

    @Test
    public void repositoriesAreLocalOrExternalWithUniqueNamesAndHistory() {
        PackageRepository mine = local("strata-fixes");
        PackageRepository security = store.createRepository(
                new PackageRepositorySpec(
                        "bookworm-security",
                        "debian",
                        "http://127.0.0.1:9/debian-security",
                        "bookworm-security",
                        List.of("main", "contrib")),
                "alice");

        assertTrue(mine.local());
        assertNull("a local repository's URL follows Strata's address", mine.url());
        assertEquals("./", mine.suite());
        assertEquals(List.of(), mine.components());
        assertFalse(security.local());
        assertEquals(List.of("main", "contrib"), security.components());
        assertEquals(List.of(security, mine), store.repositories());
        assertEquals(mine, store.repository(mine.id()).orElseThrow());
        assertEquals(ErrorCode.CONFLICT, code(() -> local("strata-fixes")));
        assertEquals(
                HistoryEntry.Action.CREATE,
                repo.history(JdbcPatchStore.REPOSITORY, mine.id(), PageRequest.of(0, 10))
                        .items()
                        .get(0)
                        .action());

        store.deleteRepository(security.id(), "bob");
        assertTrue(store.repository(security.id()).isEmpty());
        assertEquals(ErrorCode.NOT_FOUND, code(() -> store.deleteRepository(security.id(), "bob")));
    }

    @Test
    public void aLocalRepositoryKeepsOneFilePerNameVersionAndArchitecture() {
        PackageRepository mine = local("strata-fixes");
        RepositoryPackage old = deb("hello", "1.0-1");
        RepositoryPackage newer = deb("hello", "1.1-1");
        store.addPackage(mine.id(), old);
        store.addPackage(mine.id(), newer);
        store.addPackage(mine.id(), deb("apple", "2"));

        assertEquals(
                List.of(deb("apple", "2").fileName(), old.fileName(), newer.fileName()),
                store.packages(mine.id()).stream()
                        .map(RepositoryPackage::fileName)
                        .toList());
        assertEquals(old, store.packages(mine.id()).get(1));
        assertEquals(ErrorCode.CONFLICT, code(() -> store.addPackage(mine.id(), deb("hello", "1.0-1"))));
        RepositoryPackage sameFile = new RepositoryPackage("other", "9", "all", old.fileName(), 1, SHA, old.uploaded());
        assertEquals(ErrorCode.CONFLICT, code(() -> store.addPackage(mine.id(), sameFile)));

        store.removePackage(mine.id(), old.fileName());
        assertEquals(2, store.packages(mine.id()).size());
        assertEquals(ErrorCode.NOT_FOUND, code(() -> store.removePackage(mine.id(), old.fileName())));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> store.packages("no-such-repository")));

        PackageRepository external = store.createRepository(
                new PackageRepositorySpec("mirror", "debian", "http://127.0.0.1:9/debian", "bookworm", List.of("main")),
                "alice");
        assertEquals(ErrorCode.INVALID_INPUT, code(() -> store.addPackage(external.id(), deb("hello", "1.0-1"))));

        // The files' rows go with their repository.
        store.deleteRepository(mine.id(), "alice");
        PackageRepository again = local("strata-fixes");
        assertEquals(List.of(), store.packages(again.id()));
    }

    @Test
    public void baselinesNameTheirRepositoryWhichCannotGoWhileTheyDo() {
        PackageRepository mine = local("strata-fixes");
        Baseline b = store.createBaseline(
                new BaselineSpec(
                        "debian-12-base",
                        "debian-12",
                        mine.id(),
                        false,
                        List.of(new BaselinePackage("openssl", "3.0.15-1~deb12u1"), new BaselinePackage("sudo", null))),
                "alice");

        assertEquals(b, store.baseline(b.id()).orElseThrow());
        assertEquals(List.of(b), store.baselines());
        assertEquals(b.created(), b.updated());
        assertEquals(ErrorCode.CONFLICT, code(() -> store.deleteRepository(mine.id(), "alice")));
        assertEquals(
                ErrorCode.CONFLICT,
                code(() -> store.createBaseline(
                        new BaselineSpec("debian-12-base", "debian-12", mine.id(), true, null), "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> store.createBaseline(
                        new BaselineSpec("other", "debian-12", "no-such-repository", true, null), "alice")));

        Baseline changed = store.updateBaseline(
                b.id(),
                new BaselineSpec(
                        "debian-12-all", "debian-12", mine.id(), true, List.of(new BaselinePackage("curl", "7"))),
                "bob");
        assertEquals(b.created(), changed.created());
        assertTrue(changed.everythingInRepository());
        assertEquals(List.of(new BaselinePackage("curl", "7")), changed.packages());
        assertEquals(changed, store.baseline(b.id()).orElseThrow());
        assertEquals(
                List.of(HistoryEntry.Action.UPDATE, HistoryEntry.Action.CREATE),
                repo.history(JdbcPatchStore.BASELINE, b.id(), PageRequest.of(0, 10)).items().stream()
                        .map(HistoryEntry::action)
                        .toList());
        assertEquals(
                ErrorCode.NOT_FOUND,
                code(() -> store.updateBaseline(
                        "no-such-baseline", new BaselineSpec("x", "debian-12", mine.id(), true, null), "bob")));

        store.deleteBaseline(b.id(), "bob");
        assertTrue(store.baseline(b.id()).isEmpty());
        store.deleteRepository(mine.id(), "alice");
    }

    @Test
    public void aPatchWindowRunsOncePerOpeningNamedOnceAndGoesWithItsBaseline() {
        PackageRepository mine = local("window-fixes");
        Baseline b = store.createBaseline(new BaselineSpec("w-base", "debian-12", mine.id(), true, List.of()), "alice");
        PatchWindow w = store.createWindow(
                new PatchWindowSpec(
                        "saturday",
                        b.id(),
                        new PatchTargets(List.of("vm-1", "vm-2"), List.of("tpl-1"), List.of("img-1")),
                        "0 0 22 ? * SAT",
                        "0 0 4 ? * SUN",
                        "Europe/Paris",
                        2),
                "alice");
        assertEquals(w, store.window(w.id()).orElseThrow());
        assertEquals(List.of("vm-1", "vm-2"), w.targets().vmIds());
        assertEquals(List.of(w), store.windows());
        assertEquals(
                ErrorCode.CONFLICT,
                code(() -> store.createWindow(
                        new PatchWindowSpec("saturday", b.id(), null, "0 0 1 * * ?", "0 0 2 * * ?", "UTC", 1),
                        "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> store.createWindow(
                        new PatchWindowSpec("other", "no-such", null, "0 0 1 * * ?", "0 0 2 * * ?", "UTC", 1),
                        "alice")));

        Instant opened = Instant.parse("2026-12-05T21:00:00Z");
        assertTrue(store.markWindowOpened(w.id(), opened));
        assertFalse("an opening runs once", store.markWindowOpened(w.id(), opened));
        assertFalse(store.markWindowOpened(w.id(), opened.minusSeconds(7 * 86400)));
        store.setWindowTask(w.id(), "task-1");
        PatchWindow marked = store.window(w.id()).orElseThrow();
        assertEquals(opened, marked.lastOpened());
        assertEquals("task-1", marked.lastTaskId());
        assertTrue(store.markWindowOpened(w.id(), opened.plusSeconds(7 * 86400)));

        store.deleteBaseline(b.id(), "alice");
        assertTrue(store.windows().isEmpty());
    }

    @Test
    public void softwareIsOneRowPerTargetReplacedOnEachRead() {
        List<SoftwarePackage> packages = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            packages.add(new SoftwarePackage("lib-package-" + i, "1:2.36-9+deb12u" + i, i % 2 == 0 ? "amd64" : "all"));
        }
        Instant read = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        InstalledSoftware big = new InstalledSoftware(
                TargetKind.VM, "vm-1", "agent", "Debian GNU/Linux 12 (bookworm)", "debian", packages, read);

        long started = System.nanoTime();
        store.putSoftware(big);
        long writeMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        InstalledSoftware back = store.software(TargetKind.VM, "vm-1").orElseThrow();
        long readMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(getClass().getSimpleName() + ": 3,000 packages written in " + writeMillis + " ms, read in "
                + readMillis + " ms");
        assertEquals(big, back);

        InstalledSoftware unknown = new InstalledSoftware(TargetKind.VM, "vm-1", "offline", null, null, null, read);
        store.putSoftware(unknown);
        assertEquals(unknown, store.software(TargetKind.VM, "vm-1").orElseThrow());
        assertTrue("kinds are apart", store.software(TargetKind.IMAGE, "vm-1").isEmpty());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> store.putSoftware(new InstalledSoftware(
                        TargetKind.IMAGE,
                        "i",
                        "offline",
                        null,
                        null,
                        List.of(new SoftwarePackage("a\tb", "1", "all")),
                        read))));
    }

    @Test
    public void complianceIsPerBaselineAndTargetAndGoesWithEither() {
        PackageRepository mine = local("strata-fixes");
        Baseline b = store.createBaseline(new BaselineSpec("base", "debian-12", mine.id(), true, null), "alice");
        Baseline other = store.createBaseline(new BaselineSpec("other", "debian-12", mine.id(), true, null), "alice");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Compliance image = new Compliance(
                b.id(), TargetKind.IMAGE, "img-1", "golden", ComplianceStatus.COMPLIANT, "offline", null, null, now);
        Compliance web = new Compliance(
                b.id(),
                TargetKind.VM,
                "vm-2",
                "web",
                ComplianceStatus.NON_COMPLIANT,
                "agent",
                List.of(new MissingPackage("openssl", "3.0.15-1", "3.0.11-1"), new MissingPackage("sudo", null, null)),
                null,
                now);
        Compliance app = new Compliance(
                b.id(),
                TargetKind.VM,
                "vm-1",
                "app",
                ComplianceStatus.UNKNOWN,
                null,
                null,
                "the guest agent does not answer",
                now);
        store.putCompliance(image);
        store.putCompliance(web);
        store.putCompliance(app);
        store.putCompliance(new Compliance(
                other.id(), TargetKind.VM, "vm-1", "app", ComplianceStatus.COMPLIANT, "agent", null, null, now));

        assertEquals(List.of(app, web, image), store.compliance(b.id()));

        Compliance fixed = new Compliance(
                b.id(),
                TargetKind.VM,
                "vm-2",
                "web",
                ComplianceStatus.COMPLIANT,
                "agent",
                null,
                null,
                now.plusSeconds(60));
        store.putCompliance(fixed);
        assertEquals(List.of(app, fixed, image), store.compliance(b.id()));

        store.putSoftware(new InstalledSoftware(TargetKind.VM, "vm-1", "agent", null, "debian", null, now));
        store.putSoftware(new InstalledSoftware(TargetKind.VM, "vm-3", "agent", null, "debian", null, now));
        assertEquals(java.util.Set.of("vm-1", "vm-2", "vm-3"), store.targets(TargetKind.VM));
        assertEquals(java.util.Set.of("img-1"), store.targets(TargetKind.IMAGE));
        store.forgetTarget(TargetKind.VM, "vm-1");
        assertEquals(java.util.Set.of("vm-2", "vm-3"), store.targets(TargetKind.VM));
        assertEquals(List.of(fixed, image), store.compliance(b.id()));
        assertEquals(List.of(), store.compliance(other.id()));
        assertTrue(store.software(TargetKind.VM, "vm-1").isEmpty());

        String longReason = "the disk cannot be opened: " + "x".repeat(5000);
        store.putCompliance(new Compliance(
                b.id(), TargetKind.TEMPLATE, "t-1", "tpl", ComplianceStatus.UNKNOWN, null, null, longReason, now));
        String kept = store.compliance(b.id()).get(1).reason();
        assertEquals(4000, kept.length());
        assertTrue(kept, longReason.startsWith(kept.substring(0, 3999)));

        store.deleteBaseline(b.id(), "alice");
        assertEquals(ErrorCode.NOT_FOUND, code(() -> store.compliance(b.id())));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> store.putCompliance(image)));
    }
}

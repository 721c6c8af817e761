package org.strata.patching;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.os.OsService;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.storage.StorageService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.GuestPrograms;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VmService;
import org.strata.driver.os.debian.DebianOsDriver;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.patching.repo.FlatAptRepositories;
import org.strata.repository.OsStore;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The manager's own checks and the windows' scheduling, on the real repository (H2), Strata's real repository files,
 * real packages made by dpkg-deb (tools/test-env/make-deb.sh) and the real Debian driver, whose version order is
 * dpkg's. The platform's VM, storage and task services are not reached by these paths: stand-ins that fail if called,
 * and an engine stand-in that records what is submitted (its tasks never run here).
 */
public class PatchManagerTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private final List<TaskRequest> submitted = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-05T21:30:00Z");
    private PatchManager manager;

    @Before
    public void start() throws Exception {
        repository = new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:file:" + temp.getRoot().toPath().resolve("repository"), "sa", "", 2),
                temp.getRoot().toPath().resolve("key"));
        PatchDrivers drivers = new PatchDrivers();
        drivers.bindOs(new DebianOsDriver());
        TaskEngine engine = (request, work) -> {
            submitted.add(request);
            return new Task(
                    "task-" + submitted.size(),
                    request.operation(),
                    request.target().type(),
                    request.target().id(),
                    TaskState.QUEUED,
                    0,
                    null,
                    null,
                    null,
                    null,
                    request.principal(),
                    now,
                    null,
                    null);
        };
        Platform platform = new Platform(
                unused(VmService.class),
                unused(GuestPrograms.class),
                unused(SnapshotService.class),
                unused(TemplateService.class),
                unused(StorageService.class),
                unused(OsService.class),
                unused(OsStore.class),
                unused(TaskService.class));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        manager = new PatchManager(
                repository.patchStore(),
                new FlatAptRepositories(temp.newFolder("repos").toPath(), clock),
                drivers,
                engine,
                platform,
                "http://10.0.2.2:8181/",
                clock,
                Duration.ZERO);
    }

    @After
    public void stop() throws Exception {
        manager.close();
        repository.close();
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                PatchManagerTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                }));
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(StrataException.class, r::run).code();
    }

    private Path deb(String name, String version) throws Exception {
        Process p = new ProcessBuilder(
                        "bash",
                        "../../tools/test-env/make-deb.sh",
                        name,
                        version,
                        temp.getRoot().toString())
                .redirectErrorStream(true)
                .start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
        return Path.of(out);
    }

    @Test
    public void aLocalRepositoryIsAptsAtStratasAddressAndTakesRealPackagesWhileBadOnesAreRefusedInWords()
            throws Exception {
        PackageRepository local =
                manager.createRepository(new PackageRepositorySpec("fixes", "debian", null, null, null), "alice");
        assertTrue(local.local());
        assertEquals("http://10.0.2.2:8181/repos/" + local.id() + "/", local.url());
        assertEquals(local, manager.repository(local.id()));

        Path deb = deb("strata-p", "1.1");
        try (InputStream in = Files.newInputStream(deb)) {
            manager.uploadPackage(local.id(), in, "alice");
        }
        assertEquals(
                List.of("strata-p 1.1"),
                manager.packages(local.id()).stream()
                        .map(p -> p.name() + " " + p.version())
                        .toList());
        try (InputStream again = Files.newInputStream(deb)) {
            assertEquals(ErrorCode.CONFLICT, code(() -> manager.uploadPackage(local.id(), again, "alice")));
        }
        assertEquals(1, manager.packages(local.id()).size());

        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createRepository(
                        new PackageRepositorySpec("rpms", "rhel", null, null, null), "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createRepository(
                        new PackageRepositorySpec("x", "solaris", null, null, null), "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createRepository(
                        new PackageRepositorySpec("bad name!", "debian", null, null, null), "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createRepository(
                        new PackageRepositorySpec("ext", "debian", "ftp://mirror/debian", "bookworm", List.of("main")),
                        "alice")));
        PackageRepository external = manager.createRepository(
                new PackageRepositorySpec(
                        "security",
                        "debian",
                        "http://deb.debian.org/debian-security",
                        "bookworm-security",
                        List.of("main")),
                "alice");
        assertEquals("http://deb.debian.org/debian-security", external.url());
        try (InputStream in = Files.newInputStream(deb)) {
            assertEquals(ErrorCode.INVALID_INPUT, code(() -> manager.uploadPackage(external.id(), in, "alice")));
        }

        manager.deleteRepository(local.id(), "alice");
        assertEquals(ErrorCode.NOT_FOUND, code(() -> manager.repository(local.id())));
    }

    @Test
    public void aBaselineNeedsARunningProfileARepositoryOfItsFamilyAndVersionsDpkgCanHave() {
        PackageRepository local =
                manager.createRepository(new PackageRepositorySpec("fixes", "debian", null, null, null), "alice");
        Baseline ok = manager.createBaseline(
                new BaselineSpec(
                        "base",
                        "debian-12-server",
                        local.id(),
                        false,
                        List.of(new BaselinePackage("strata-p", "1:1.1-2~deb12u1"), new BaselinePackage("curl", null))),
                "alice");
        assertEquals(ok, manager.baseline(ok.id()));
        for (BaselineSpec bad : List.of(
                new BaselineSpec("b1", "windows-2022", local.id(), true, List.of()),
                new BaselineSpec("b2", "debian-12-server", "no-such", true, List.of()),
                new BaselineSpec("b3", "debian-12-server", local.id(), false, List.of()),
                new BaselineSpec(
                        "b4", "debian-12-server", local.id(), false, List.of(new BaselinePackage("p", "1.0 beta"))),
                new BaselineSpec(
                        "b5",
                        "debian-12-server",
                        local.id(),
                        false,
                        List.of(new BaselinePackage("p", null), new BaselinePackage("p", "1"))),
                new BaselineSpec(
                        "b6", "debian-12-server", local.id(), false, List.of(new BaselinePackage("-rf", null))))) {
            assertEquals(bad.name(), ErrorCode.INVALID_INPUT, code(() -> manager.createBaseline(bad, "alice")));
        }
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.remediate(ok.id(), new PatchTargets(null, null, null), "alice")));
        assertEquals(ErrorCode.CONFLICT, code(() -> manager.deleteRepository(local.id(), "alice")));
    }

    @Test
    public void aWindowOpenNowRunsOncePerOpeningHoldingItsBaseline() {
        PackageRepository local =
                manager.createRepository(new PackageRepositorySpec("fixes", "debian", null, null, null), "alice");
        Baseline b = manager.createBaseline(
                new BaselineSpec("base", "debian-12-server", local.id(), true, List.of()), "alice");
        // Saturday 22:00 to Sunday 04:00 in Paris: open at 21:30 UTC on Saturday 2026-12-05.
        PatchWindow w = manager.createWindow(
                new PatchWindowSpec("weekend", b.id(), null, "0 0 22 ? * SAT", "0 0 4 ? * SUN", "Europe/Paris", 2),
                "alice");
        assertEquals(Instant.parse("2026-12-05T21:00:00Z"), w.nextOpening());
        assertEquals(2, w.batchSize());
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createWindow(
                        new PatchWindowSpec("bad", b.id(), null, "every saturday", "0 0 4 ? * SUN", null, null),
                        "alice")));
        assertEquals(
                ErrorCode.INVALID_INPUT,
                code(() -> manager.createWindow(
                        new PatchWindowSpec("bad", b.id(), null, "0 0 22 ? * SAT", "0 0 4 ? * SUN", null, 0),
                        "alice")));

        manager.checkWindows();
        assertEquals(1, submitted.size());
        TaskRequest run = submitted.get(0);
        assertEquals("patching.window", run.operation());
        assertEquals(w.id(), run.target().id());
        assertEquals("baseline", run.alsoHolds().get(0).type());
        PatchWindow after = manager.window(w.id());
        assertEquals(Instant.parse("2026-12-05T21:00:00Z"), after.lastOpened());
        assertNotNull(after.lastTaskId());

        now = now.plusSeconds(3600);
        manager.checkWindows();
        assertEquals("once per opening", 1, submitted.size());
        now = Instant.parse("2026-12-12T21:00:01Z");
        manager.checkWindows();
        assertEquals("the next opening runs again", 2, submitted.size());

        manager.deleteWindow(w.id(), "alice");
        assertTrue(manager.windows().isEmpty());
    }
}

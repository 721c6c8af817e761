package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.ComplianceStatus;
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
import org.strata.api.task.TaskState;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;

/**
 * The patching commands, parsed by Karaf's own parser and run over a patching service double (hand-written: the real
 * service is the patching bundle) that records what it is asked: the spec or targets each option makes, the bytes of
 * an uploaded file, what the commands print (tables, CSV), their one-line errors, and what they say while patching is
 * not running.
 */
public class PatchCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ServicesForTests.TaskServiceForTests tasks = new ServicesForTests.TaskServiceForTests();
    private final PatchServiceForTests patching = new PatchServiceForTests();

    /**
     * One local repository repo-1 with one package, one baseline bl-1 with a report, one patch window pw-1 that ran
     * once; what it is asked, in order. A window it makes refuses a start or end of other than six or seven fields
     * (it reads no cron: the real check is Quartz's, in the patching bundle).
     */
    static final class PatchServiceForTests implements PatchService {
        final List<Object> asked = new ArrayList<>();
        final PackageRepository repo = new PackageRepository(
                "repo-1", "local", "debian", true, "http://127.0.0.1:8181/repos/repo-1/", "./", List.of(), T0);
        final Baseline baseline = new Baseline(
                "bl-1", "sec", "debian-12", "repo-1", true, List.of(new BaselinePackage("hello", "1.1")), T0, T0);
        final PatchWindow window = new PatchWindow(
                "pw-1",
                "saturday-night",
                "bl-1",
                new PatchTargets(List.of("vm-1", "vm-2"), List.of(), List.of("img-1")),
                "0 0 22 ? * SAT",
                "0 0 4 ? * SUN",
                "Europe/Paris",
                2,
                Instant.parse("2026-12-12T21:00:00Z"),
                Instant.parse("2026-12-05T21:00:00Z"),
                "task-42",
                T0);
        /** The state the tasks it starts are in: done at once, so that waiting needs no task service. */
        TaskState outcome = TaskState.SUCCEEDED;

        private Task task(String operation, String target) {
            return new Task(
                    "task-" + operation,
                    operation,
                    "baseline",
                    target,
                    outcome,
                    100,
                    null,
                    null,
                    outcome == TaskState.FAILED ? ErrorCode.DRIVER_FAILURE : null,
                    outcome == TaskState.FAILED ? "vm-1: apt-get failed; rolled back to its snapshot" : null,
                    "admin",
                    T0,
                    T0,
                    T0);
        }

        @Override
        public List<PackageRepository> repositories() {
            return List.of(repo);
        }

        @Override
        public PackageRepository repository(String id) {
            return repo;
        }

        @Override
        public PackageRepository createRepository(PackageRepositorySpec spec, String principal) {
            asked.add(spec);
            return new PackageRepository(
                    "repo-2",
                    spec.name(),
                    spec.family(),
                    spec.url() == null,
                    spec.url(),
                    spec.suite(),
                    spec.components(),
                    T0);
        }

        @Override
        public void deleteRepository(String id, String principal) {
            asked.add("delete repository " + id);
            if (!id.equals("repo-1")) {
                throw StrataException.notFound("package repository", id);
            }
        }

        @Override
        public List<RepositoryPackage> packages(String repositoryId) {
            return List.of(new RepositoryPackage("hello", "1.1", "all", "hello_1.1_all.deb", 1234, "ab12", T0));
        }

        @Override
        public RepositoryPackage uploadPackage(String repositoryId, InputStream file, String principal) {
            try {
                byte[] bytes = file.readAllBytes();
                asked.add(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
                if (!asked.get(asked.size() - 1).toString().startsWith("!<arch>")) {
                    throw StrataException.invalid("not a Debian package: it is no ar archive");
                }
                return new RepositoryPackage("hello", "1.2", "all", "hello_1.2_all.deb", bytes.length, "cd34", T0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void deletePackage(String repositoryId, String fileName, String principal) {
            asked.add("delete package " + fileName);
        }

        @Override
        public List<Baseline> baselines() {
            return List.of(baseline);
        }

        @Override
        public Baseline baseline(String id) {
            return baseline;
        }

        @Override
        public Baseline createBaseline(BaselineSpec spec, String principal) {
            asked.add(spec);
            return new Baseline(
                    "bl-2",
                    spec.name(),
                    spec.profileId(),
                    spec.repositoryId(),
                    spec.everythingInRepository(),
                    spec.packages(),
                    T0,
                    T0);
        }

        @Override
        public Baseline updateBaseline(String id, BaselineSpec spec, String principal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteBaseline(String id, String principal) {
            asked.add("delete baseline " + id);
        }

        @Override
        public InstalledSoftware software(TargetKind kind, String targetId) {
            asked.add("software " + kind + " " + targetId);
            if (!targetId.equals("vm-1")) {
                throw StrataException.notFound("software of " + kind.name().toLowerCase(), targetId);
            }
            return new InstalledSoftware(
                    kind,
                    targetId,
                    "agent",
                    "Debian GNU/Linux 12 (bookworm)",
                    "debian",
                    List.of(
                            new InstalledSoftware.SoftwarePackage("bash", "5.2.15-2+b2", "amd64"),
                            new InstalledSoftware.SoftwarePackage("hello", "1.0", "amd64")),
                    T0);
        }

        @Override
        public Task readSoftware(TargetKind kind, String targetId, String principal) {
            asked.add("read " + kind + " " + targetId);
            return task("patch.software", targetId);
        }

        @Override
        public Task scan(String baselineId, PatchTargets targets, String principal) {
            asked.add(targets);
            return task("patch.scan", baselineId);
        }

        @Override
        public List<Compliance> compliance(String baselineId) {
            return List.of(
                    new Compliance(
                            baselineId,
                            TargetKind.VM,
                            "vm-1",
                            "web1",
                            ComplianceStatus.NON_COMPLIANT,
                            "agent",
                            List.of(new Compliance.MissingPackage("hello", "1.1", "1.0")),
                            null,
                            T0),
                    new Compliance(
                            baselineId,
                            TargetKind.IMAGE,
                            "img-1",
                            "golden, v2",
                            ComplianceStatus.UNKNOWN,
                            null,
                            List.of(),
                            "the disk image tools cannot open it",
                            T0));
        }

        @Override
        public Task remediate(String baselineId, PatchTargets targets, String principal) {
            asked.add(targets);
            return task("patch.remediate", baselineId);
        }

        @Override
        public List<PatchWindow> windows() {
            return List.of(window);
        }

        @Override
        public PatchWindow window(String id) {
            return window;
        }

        @Override
        public PatchWindow createWindow(PatchWindowSpec spec, String principal) {
            asked.add(spec);
            for (String cron : List.of(spec.start(), spec.end())) {
                int fields = cron.strip().split("\\s+").length;
                if (fields < 6 || fields > 7) {
                    throw StrataException.invalid("the window's start '" + cron + "' is not a cron expression");
                }
            }
            return new PatchWindow(
                    "pw-2",
                    spec.name(),
                    spec.baselineId(),
                    spec.targets(),
                    spec.start(),
                    spec.end(),
                    spec.zone() == null ? "UTC" : spec.zone(),
                    spec.batchSize() == null ? 1 : spec.batchSize(),
                    Instant.parse("2026-12-12T22:00:00Z"),
                    null,
                    null,
                    T0);
        }

        @Override
        public void deleteWindow(String id, String principal) {
            asked.add("delete window " + id);
            if (!id.equals("pw-1")) {
                throw StrataException.notFound("patch window", id);
            }
        }
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** Parses the arguments into the command, gives it the doubles as Karaf would, and runs it. */
    private Result run(boolean running, StrataAction action, Object... args) throws Exception {
        assertTrue(new DefaultActionPreparator().prepare(action, session(), List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(tasks, patching)) {
                        if (f.getType().isInstance(service) && (running || service != patching)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        return ActionRunner.run(action);
    }

    private Result run(StrataAction action, Object... args) throws Exception {
        return run(true, action, args);
    }

    private static String ok(Result result) {
        assertNull(result.out() + result.failure(), result.failure());
        return result.out().replace("\r", "");
    }

    @Test
    public void repositoriesAreAddedListedAndRemoved() throws Exception {
        String list = ok(run(new PatchRepoList()));
        assertTrue(list, list.contains("repo-1") && list.contains("local") && list.contains("/repos/repo-1/"));
        assertEquals(
                "Repository local2 added (local, guests reach it at null): repo-2\n",
                ok(run(new PatchRepoAdd(), "--family", "debian", "local2")));
        assertEquals(new PackageRepositorySpec("local2", "debian", null, null, List.of()), patching.asked.get(0));
        ok(run(
                new PatchRepoAdd(),
                "--family",
                "debian",
                "--url",
                "http://127.0.0.1:3142/debian-security",
                "--suite",
                "bookworm-security",
                "--component",
                "main",
                "--component",
                "contrib",
                "security"));
        assertEquals(
                new PackageRepositorySpec(
                        "security",
                        "debian",
                        "http://127.0.0.1:3142/debian-security",
                        "bookworm-security",
                        List.of("main", "contrib")),
                patching.asked.get(1));
        assertEquals("Repository repo-1 removed\n", ok(run(new PatchRepoRemove(), "repo-1")));
        assertEquals(
                "NOT_FOUND: package repository 'repo-9' does not exist",
                run(new PatchRepoRemove(), "repo-9").failure());
    }

    @Test
    public void aPackageFileOnTheNodeIsUploadedAsItIs() throws Exception {
        Path deb = folder.newFile("hello_1.2_all.deb").toPath();
        Files.writeString(deb, "!<arch>\nPackage: hello\n");
        String out = ok(run(new PatchPackageUpload(), "repo-1", deb.toString()));
        assertEquals("!<arch>\nPackage: hello\n", patching.asked.get(0));
        assertTrue(out, out.startsWith("Package hello 1.2 (all) added to repo-1: hello_1.2_all.deb, 23 bytes"));
        Path script = folder.newFile("not-a-deb.sh").toPath();
        Files.writeString(script, "#!/bin/sh\n");
        assertEquals(
                "INVALID_INPUT: not a Debian package: it is no ar archive",
                run(new PatchPackageUpload(), "repo-1", script.toString()).failure());
        int asked = patching.asked.size();
        assertEquals(
                "INVALID_INPUT: there is no file " + folder.getRoot() + "/missing.deb on this node",
                run(new PatchPackageUpload(), "repo-1", folder.getRoot() + "/missing.deb")
                        .failure());
        assertEquals(
                "INVALID_INPUT: " + folder.getRoot() + " is not a file",
                run(new PatchPackageUpload(), "repo-1", folder.getRoot().toString())
                        .failure());
        assertEquals("nothing was sent for a bad path", asked, patching.asked.size());
        String packages = ok(run(new PatchPackageList(), "repo-1"));
        assertTrue(packages, packages.contains("hello_1.1_all.deb") && packages.contains("1234"));
    }

    @Test
    public void baselinesTakePackagesAsNameAndMinimumVersion() throws Exception {
        String out = ok(run(
                new PatchBaselineAdd(),
                "--profile",
                "debian-12",
                "--repository",
                "repo-1",
                "sec",
                "hello>=1.1",
                "openssl >= 3.0.15-1~deb12u1",
                "vim"));
        assertEquals("Baseline sec created: bl-2\n", out);
        assertEquals(
                new BaselineSpec(
                        "sec",
                        "debian-12",
                        "repo-1",
                        false,
                        List.of(
                                new BaselinePackage("hello", "1.1"),
                                new BaselinePackage("openssl", "3.0.15-1~deb12u1"),
                                new BaselinePackage("vim", null))),
                patching.asked.get(0));
        ok(run(new PatchBaselineAdd(), "-p", "debian-12", "-r", "repo-1", "--all-in-repository", "all"));
        assertEquals(new BaselineSpec("all", "debian-12", "repo-1", true, List.of()), patching.asked.get(1));
        for (Object[] bad : List.of(
                new Object[] {"-p", "debian-12", "-r", "repo-1", "none"},
                new Object[] {"-p", "debian-12", "-r", "repo-1", "x", "hello>="},
                new Object[] {"-p", "debian-12", "-r", "repo-1", "x", ">=1.0"},
                new Object[] {"-p", "debian-12", "-r", "repo-1", "x", "hello<=1.0"})) {
            String failure = run(new PatchBaselineAdd(), bad).failure();
            assertTrue(failure, failure.startsWith("INVALID_INPUT: "));
        }
        assertEquals(2, patching.asked.size());
        String list = ok(run(new PatchBaselineList()));
        assertTrue(list, list.contains("bl-1") && list.contains("all in repository, hello>=1.1"));
        assertEquals("Baseline bl-1 removed\n", ok(run(new PatchBaselineRemove(), "bl-1")));
    }

    @Test
    public void aScanWaitsForItsTaskAndShowsTheReport() throws Exception {
        String out = ok(run(new PatchScan(), "--vm", "vm-1", "--image", "img-1", "bl-1"));
        assertEquals(new PatchTargets(List.of("vm-1"), List.of(), List.of("img-1")), patching.asked.get(0));
        assertTrue(out, out.startsWith("Task task-patch.scan\n"));
        assertTrue(out, out.contains("SUCCEEDED"));
        assertTrue(out, out.contains("NON_COMPLIANT") && out.contains("hello 1.0->1.1"));
        assertTrue(out, out.contains("the disk image tools cannot open it"));

        assertEquals("Task task-patch.scan\n", ok(run(new PatchScan(), "--no-wait", "bl-1")));
        assertTrue(((PatchTargets) patching.asked.get(1)).isEmpty());
        assertEquals(
                "INVALID_INPUT: --wait-timeout must be between 1 and 3600 seconds, was 0",
                run(new PatchScan(), "--wait-timeout", "0", "bl-1").failure());
        assertEquals(2, patching.asked.size());
    }

    @Test
    public void aFailedRemediationFailsTheCommand() throws Exception {
        String out = ok(run(new PatchRemediate(), "--vm", "vm-1", "--template", "t-1", "bl-1"));
        assertEquals(new PatchTargets(List.of("vm-1"), List.of("t-1"), List.of()), patching.asked.get(0));
        assertTrue(out, out.contains("patch.remediate") && out.contains("SUCCEEDED"));
        assertEquals(
                "INVALID_INPUT: name what to patch: --vm, --template or --image",
                run(new PatchRemediate(), "bl-1").failure());
        patching.outcome = TaskState.FAILED;
        Result failed = run(new PatchRemediate(), "--vm", "vm-1", "bl-1");
        assertEquals("DRIVER_FAILURE: vm-1: apt-get failed; rolled back to its snapshot", failed.failure());
        assertFalse(failed.out(), failed.out().contains("Exception"));
    }

    @Test
    public void complianceIsATableOrCsv() throws Exception {
        String table = ok(run(new PatchCompliance(), "bl-1"));
        assertTrue(
                table, table.contains("web1") && table.contains("NON_COMPLIANT") && table.contains("hello 1.0->1.1"));
        assertEquals(
                "baseline,target_kind,target_id,target_name,status,method,missing,reason,scanned\n"
                        + "bl-1,vm,vm-1,web1,NON_COMPLIANT,agent,hello 1.0->1.1,,2026-12-06T12:00:00Z\n"
                        + "bl-1,image,img-1,\"golden, v2\",UNKNOWN,,,the disk image tools cannot open it,"
                        + "2026-12-06T12:00:00Z\n",
                ok(run(new PatchCompliance(), "--csv", "bl-1")));
        // CRLF line ends, as REST's CSV.
        assertTrue(run(new PatchCompliance(), "--csv", "bl-1").out().endsWith("Z\r\n"));
    }

    @Test
    public void softwareIsShownAndReadAgainOnRequest() throws Exception {
        String out = ok(run(new Software(), "vm", "vm-1"));
        assertTrue(out, out.startsWith("vm vm-1: Debian GNU/Linux 12 (bookworm) (family debian), read agent at"));
        assertTrue(out, out.contains("2 packages") && out.contains("5.2.15-2+b2"));
        String read = ok(run(new Software(), "--read", "VM", "vm-1"));
        assertEquals(List.of("software VM vm-1", "read VM vm-1", "software VM vm-1"), patching.asked);
        assertTrue(read, read.startsWith("Task task-patch.software\n") && read.contains("hello"));
        assertEquals(
                "NOT_FOUND: software of image 'img-1' does not exist",
                run(new Software(), "image", "img-1").failure());
        assertEquals(
                "INVALID_INPUT: the kind of target must be vm, template or image, was 'host'",
                run(new Software(), "--read", "host", "h-1").failure());
    }

    @Test
    public void patchWindowsAreListedAddedAndRemoved() throws Exception {
        String list = ok(run(new PatchWindowList()));
        for (String shown : List.of(
                "pw-1",
                "saturday-night",
                "bl-1",
                "0 0 22 ? * SAT",
                "0 0 4 ? * SUN",
                "Europe/Paris",
                "2 VMs, 1 image",
                "2026-12-12T21:00:00Z",
                "task-42")) {
            assertTrue(shown + " in\n" + list, list.contains(shown));
        }
        assertEquals(
                "Patch window saturday created: pw-2, opens next at 2026-12-12T22:00:00Z (Europe/Paris)\n",
                ok(run(
                        new PatchWindowAdd(),
                        "--baseline",
                        "bl-1",
                        "--start",
                        "0 0 22 ? * SAT",
                        "--end",
                        "0 0 4 ? * SUN",
                        "--zone",
                        "Europe/Paris",
                        "--batch",
                        "3",
                        "--vm",
                        "vm-1",
                        "--vm",
                        "vm-2",
                        "--image",
                        "img-1",
                        "saturday")));
        assertEquals(
                new PatchWindowSpec(
                        "saturday",
                        "bl-1",
                        new PatchTargets(List.of("vm-1", "vm-2"), List.of(), List.of("img-1")),
                        "0 0 22 ? * SAT",
                        "0 0 4 ? * SUN",
                        "Europe/Paris",
                        3),
                patching.asked.get(0));
        // Only what is required: the service's defaults (UTC, one VM at a time, what the last scan found).
        ok(run(new PatchWindowAdd(), "-b", "bl-1", "--start", "0 0 1 * * ?", "--end", "0 0 3 * * ?", "nightly"));
        assertEquals(
                new PatchWindowSpec(
                        "nightly",
                        "bl-1",
                        new PatchTargets(null, null, null),
                        "0 0 1 * * ?",
                        "0 0 3 * * ?",
                        null,
                        null),
                patching.asked.get(1));
        assertEquals(
                "INVALID_INPUT: the window's start '0' is not a cron expression",
                run(new PatchWindowAdd(), "-b", "bl-1", "--start", "0", "--end", "0 0 3 * * ?", "x")
                        .failure());
        assertEquals("Patch window pw-1 removed\n", ok(run(new PatchWindowRemove(), "pw-1")));
        assertEquals(
                "NOT_FOUND: patch window 'pw-9' does not exist",
                run(new PatchWindowRemove(), "pw-9").failure());
    }

    /**
     * A cron expression has spaces, {@code ?} and {@code *}: typed on Karaf's own console parser (the real one, Gogo
     * inside a headless Karaf session, as {@code strata client} and SSH use it), in double or single quotes it
     * reaches the command whole and unglobbed; unquoted, Karaf refuses the line before the service is asked.
     */
    @Test
    public void cronExpressionsInQuotesReachTheCommandWhole() throws Exception {
        org.apache.felix.gogo.runtime.threadio.ThreadIOImpl threadIo =
                new org.apache.felix.gogo.runtime.threadio.ThreadIOImpl();
        threadIo.start();
        org.apache.karaf.shell.impl.console.SessionFactoryImpl factory =
                new org.apache.karaf.shell.impl.console.SessionFactoryImpl(threadIo);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Session session = null;
        try {
            factory.getRegistry().register(patching);
            new org.apache.karaf.shell.impl.action.command.ManagerImpl(factory.getRegistry(), factory.getRegistry())
                    .register(PatchWindowAdd.class);
            session = factory.create(
                    new java.io.ByteArrayInputStream(new byte[0]),
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            session.execute("strata:patch-window-add -b bl-1 --start \"0 0 22 ? * SAT\" --end '0 0 4 ? * SUN'"
                    + " --zone Europe/Paris w1");
            session.execute("strata:patch-window-add -b bl-1 --start '0 0/30 1-3 * * ? *' --end \"0 15 4 L * ?\" w2");
            // The nth weekday (6#3: the third Saturday) has a #, which stays in the quoted value.
            session.execute("strata:patch-window-add -b bl-1 --start \"0 0 22 ? * 6#3\" --end '0 0 4 ? * 1#4' w3");
            assertEquals(
                    List.of(
                            "0 0 22 ? * SAT",
                            "0 0 4 ? * SUN",
                            "0 0/30 1-3 * * ? *",
                            "0 15 4 L * ?",
                            "0 0 22 ? * 6#3",
                            "0 0 4 ? * 1#4"),
                    patching.asked.stream()
                            .flatMap(a -> Stream.of(((PatchWindowSpec) a).start(), ((PatchWindowSpec) a).end()))
                            .toList());
            String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(printed, printed.contains("Patch window w1 created: pw-2"));
            try {
                session.execute("strata:patch-window-add -b bl-1 --start 0 0 22 ? * SAT --end 0 0 4 ? * SUN w4");
                org.junit.Assert.fail("an unquoted expression was taken");
            } catch (Exception refused) {
                assertTrue(
                        String.valueOf(refused.getMessage()),
                        refused.getMessage().contains("Too many arguments"));
            }
            assertEquals("nothing was asked for the unquoted line", 3, patching.asked.size());
        } finally {
            if (session != null) {
                session.close();
            }
            factory.stop();
            threadIo.stop();
        }
    }

    @Test
    public void everyCommandSaysPatchingIsNotRunning() throws Exception {
        String expected =
                "UNAVAILABLE: patching is not running (feature strata-patching: feature:install strata-patching)";
        assertEquals(expected, run(false, new PatchRepoList()).failure());
        assertEquals(expected, run(false, new PatchBaselineList()).failure());
        assertEquals(expected, run(false, new PatchScan(), "bl-1").failure());
        assertEquals(expected, run(false, new PatchCompliance(), "bl-1").failure());
        assertEquals(expected, run(false, new Software(), "vm", "vm-1").failure());
        assertEquals(expected, run(false, new PatchWindowList()).failure());
        assertEquals(expected, run(false, new PatchWindowRemove(), "pw-1").failure());
        assertEquals(
                expected,
                run(false, new PatchWindowAdd(), "-b", "bl-1", "--start", "0 0 1 * * ?", "--end", "0 0 3 * * ?", "w")
                        .failure());
        Path deb = folder.newFile("x.deb").toPath();
        assertEquals(
                expected,
                run(false, new PatchPackageUpload(), "repo-1", deb.toString()).failure());
    }
}

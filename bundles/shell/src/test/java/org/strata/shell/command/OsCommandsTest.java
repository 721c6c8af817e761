package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsAccount;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.OsProfileInfo;
import org.strata.api.os.OsService;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.api.os.ProvisioningStep;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;

/**
 * The OS layer's commands, parsed by Karaf's own parser and run over an OS service double (hand-written: the real
 * service is the OS layer's bundle) that records what it is asked: the request or spec each option makes, what the
 * commands print, their one-line errors, and what they say while the OS layer is not running.
 */
public class OsCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private final ServicesForTests.TaskServiceForTests tasks = new ServicesForTests.TaskServiceForTests();
    private final OsServiceForTests os = new OsServiceForTests();

    /** One profile, image and tree; one provisioning p-1; what it is asked, in order. */
    static final class OsServiceForTests implements OsService {
        final List<Object> asked = new ArrayList<>();
        final OsProfileInfo debian = new OsProfileInfo(
                "debian-12",
                "org.strata.driver.os.debian",
                "Debian 12",
                "12",
                "standard",
                "server",
                "amd64",
                Set.of(ProvisioningMethod.IMAGE_DEPLOY, ProvisioningMethod.NETWORK_INSTALL));
        final OsImage image = new OsImage(
                "img-1", "deb12", "debian-12", "sh-1", "images", "deb12.qcow2", null, null, "10.0.0.5:/deb12", T0);
        final InstallTree tree = new InstallTree("tree-1", "bookworm", "debian-12", "/srv/trees/bookworm", 212, T0);
        final Provisioning provisioning = new Provisioning(
                "p-1",
                "machine",
                "h-7",
                "debian-12",
                ProvisioningMethod.SAN_BOOT,
                "bm1",
                ProvisioningState.INSTALLED,
                null,
                "task-os.provision",
                List.of(
                        new ProvisioningStep("lun", "cloned from deb12", T0),
                        new ProvisioningStep("callback", "installer finished", T0.plusSeconds(90))),
                T0,
                null);

        @Override
        public List<OsProfileInfo> profiles() {
            return List.of(debian);
        }

        @Override
        public OsProfileInfo profile(String id) {
            return debian;
        }

        @Override
        public List<OsImage> images() {
            return List.of(image);
        }

        @Override
        public OsImage image(String id) {
            return image;
        }

        @Override
        public OsImage registerImage(OsImageSpec spec, String principal) {
            asked.add(spec);
            if (spec.name().equals("deb12")) {
                throw StrataException.conflict("an OS image named 'deb12' exists");
            }
            return new OsImage(
                    "img-2",
                    spec.name(),
                    spec.profileId(),
                    spec.storageHostId(),
                    spec.pool(),
                    spec.volume(),
                    spec.kernel(),
                    spec.initrd(),
                    spec.nfsRoot(),
                    T0);
        }

        @Override
        public void removeImage(String id, String principal) {
            asked.add("remove image " + id);
            if (!id.equals("img-1")) {
                throw StrataException.notFound("OS image", id);
            }
        }

        @Override
        public List<InstallTree> installTrees() {
            return List.of(tree);
        }

        @Override
        public InstallTree registerInstallTree(InstallTreeSpec spec, String principal) {
            asked.add(spec);
            return new InstallTree("tree-2", spec.name(), spec.profileId(), spec.path(), 3, T0);
        }

        @Override
        public void removeInstallTree(String id, String principal) {
            asked.add("remove tree " + id);
        }

        @Override
        public Task provision(ProvisionRequest request, String principal) {
            asked.add(request);
            if (request.method() == ProvisioningMethod.SAN_BOOT) {
                throw StrataException.invalid("profile 'debian-12' cannot do SAN_BOOT");
            }
            boolean fail = "doomed".equals(request.hostname());
            return new Task(
                    "task-os.provision",
                    "os.provision",
                    request.targetType(),
                    request.targetId(),
                    fail ? TaskState.FAILED : TaskState.SUCCEEDED,
                    100,
                    null,
                    null,
                    fail ? ErrorCode.DRIVER_FAILURE : null,
                    fail ? "the installer never called back" : null,
                    principal,
                    T0,
                    T0,
                    T0);
        }

        @Override
        public Page<Provisioning> provisionings(PageRequest page) {
            asked.add(page);
            return new Page<>(List.of(provisioning), page.offset(), page.limit(), 1);
        }

        @Override
        public Provisioning provisioning(String id) {
            if (!id.equals("p-1")) {
                throw StrataException.notFound("provisioning", id);
            }
            return provisioning;
        }
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** Parses the arguments into the command, gives it the doubles as Karaf would, and runs it. */
    private Result run(StrataAction action, boolean layerRunning, Object... args) throws Exception {
        assertTrue(new DefaultActionPreparator().prepare(action, session(), List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(tasks, os)) {
                        if (f.getType().isInstance(service) && (layerRunning || service != os)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        return ActionRunner.run(action);
    }

    private Result run(StrataAction action, Object... args) throws Exception {
        return run(action, true, args);
    }

    private static String ok(Result result) {
        assertNull(result.out() + result.failure(), result.failure());
        return result.out();
    }

    @Test
    public void profilesImagesAndTreesAreListed() throws Exception {
        String profiles = ok(run(new OsProfiles()));
        assertTrue(profiles, profiles.contains("debian-12") && profiles.contains("Debian 12"));
        // The methods in their declared order, as the shell writes them.
        assertTrue(profiles, profiles.contains("network-install, image-deploy"));
        assertTrue(profiles, profiles.contains("org.strata.driver.os.debian"));

        String images = ok(run(new OsImages()));
        assertTrue(
                images,
                images.contains("img-1") && images.contains("deb12.qcow2") && images.contains("10.0.0.5:/deb12"));
        String trees = ok(run(new OsTrees()));
        assertTrue(trees, trees.contains("tree-1") && trees.contains("/srv/trees/bookworm") && trees.contains("212"));
    }

    @Test
    public void imagesAndTreesAreRegisteredFromOptionsAndRemoved() throws Exception {
        String added = ok(run(
                new OsImageAdd(),
                "--profile",
                "debian-12",
                "--storage-host",
                "sh-1",
                "--pool",
                "nas",
                "--volume",
                "deb12-root",
                "--kernel",
                "/srv/nas/vmlinuz",
                "--initrd",
                "/srv/nas/initrd.img",
                "--nfs-root",
                "127.0.0.1:/export/deb12",
                "deb12-nas"));
        assertEquals(
                new OsImageSpec(
                        "deb12-nas",
                        "debian-12",
                        "sh-1",
                        "nas",
                        "deb12-root",
                        "/srv/nas/vmlinuz",
                        "/srv/nas/initrd.img",
                        "127.0.0.1:/export/deb12"),
                os.asked.get(0));
        assertEquals("OS image deb12-nas registered: img-2\n", added.replace("\r", ""));
        assertEquals(
                "CONFLICT: an OS image named 'deb12' exists",
                run(new OsImageAdd(), "--profile", "p", "--storage-host", "s", "--pool", "p", "--volume", "v", "deb12")
                        .failure());
        assertTrue(ok(run(new OsImageRemove(), "img-1")).contains("OS image img-1 removed"));
        assertEquals(
                "NOT_FOUND: OS image 'img-9' does not exist",
                run(new OsImageRemove(), "img-9").failure());

        String tree = ok(run(new OsTreeAdd(), "--profile", "debian-12", "bookworm", "/srv/trees/bookworm"));
        assertEquals(new InstallTreeSpec("bookworm", "debian-12", "/srv/trees/bookworm"), os.asked.get(4));
        assertTrue(tree, tree.contains("Install tree bookworm registered (3 files): tree-2"));
        assertTrue(ok(run(new OsTreeRemove(), "tree-1")).contains("Install tree tree-1 removed"));
        assertEquals("remove tree tree-1", os.asked.get(5));
    }

    @Test
    public void provisionTurnsEveryOptionIntoTheRequestAndPrintsTheTask() throws Exception {
        String started = ok(run(
                new Provision(),
                "--vm",
                "vm-1",
                "--profile",
                "debian-12",
                "--method",
                "image-deploy",
                "--image",
                "img-1",
                "--hostname",
                "web1",
                "--domain",
                "lab.example",
                "--account",
                "ops",
                "--account",
                "backup",
                "--password-hash",
                "ops=$6$salt$hash",
                "--ssh-key",
                "ops=ssh-ed25519 AAAAC3Nz== ops@lab",
                "--ssh-key",
                "ops=ssh-rsa AAAAB3Nz ops@old",
                "--package",
                "nginx",
                "--package",
                "curl",
                "--mirror",
                "http://127.0.0.1:3142/debian",
                "--extra",
                "locale=en_GB.UTF-8"));
        assertEquals(
                new ProvisionRequest(
                        "vm",
                        "vm-1",
                        "debian-12",
                        ProvisioningMethod.IMAGE_DEPLOY,
                        "img-1",
                        null,
                        "web1",
                        "lab.example",
                        List.of(
                                new OsAccount(
                                        "ops",
                                        "$6$salt$hash",
                                        List.of("ssh-ed25519 AAAAC3Nz== ops@lab", "ssh-rsa AAAAB3Nz ops@old")),
                                new OsAccount("backup", null, List.of())),
                        List.of("nginx", "curl"),
                        "http://127.0.0.1:3142/debian",
                        Map.of("locale", "en_GB.UTF-8"),
                        null),
                os.asked.get(0));
        assertEquals("Task task-os.provision\n", started.replace("\r", ""));

        // A machine, installed over the network; --wait shows the finished task.
        String waited = ok(run(
                new Provision(),
                "--machine",
                "h-7",
                "-p",
                "debian-12",
                "-m",
                "NETWORK_INSTALL",
                "--tree",
                "tree-1",
                "-n",
                "bm1",
                "--wait"));
        ProvisionRequest machine = (ProvisionRequest) os.asked.get(1);
        assertEquals("machine", machine.targetType());
        assertEquals("h-7", machine.targetId());
        assertEquals("tree-1", machine.installTreeId());
        assertEquals(List.of(), machine.accounts());
        assertTrue(waited, waited.contains("os.provision") && waited.contains("SUCCEEDED"));
        assertEquals(
                "DRIVER_FAILURE: the installer never called back",
                run(new Provision(), "--vm", "vm-1", "-p", "debian-12", "-m", "image-deploy", "-n", "doomed", "-w")
                        .failure());

        assertEquals(
                "INVALID_INPUT: profile 'debian-12' cannot do SAN_BOOT",
                run(new Provision(), "--vm", "vm-1", "-p", "debian-12", "-m", "san-boot", "-n", "x")
                        .failure());
        int asked = os.asked.size();
        for (Object[] bad : List.of(
                new Object[] {"-p", "debian-12", "-m", "image-deploy", "-n", "x"},
                new Object[] {"--vm", "vm-1", "--machine", "h-7", "-p", "debian-12", "-m", "image-deploy", "-n", "x"},
                new Object[] {"--vm", "vm-1", "-p", "debian-12", "-m", "teleport", "-n", "x"},
                new Object[] {"--vm", "vm-1", "-p", "d", "-m", "image-deploy", "-n", "x", "--ssh-key", "root=k"},
                new Object[] {"--vm", "vm-1", "-p", "d", "-m", "image-deploy", "-n", "x", "--extra", "locale"},
                new Object[] {
                    "--vm", "vm-1", "-p", "d", "-m", "image-deploy", "-n", "x", "--extra", "a=1", "--extra", "a=2"
                })) {
            String failure = run(new Provision(), bad).failure();
            assertTrue(failure, failure.startsWith("INVALID_INPUT: "));
        }
        assertEquals(
                "INVALID_INPUT: --method must be one of network-install|image-deploy|san-boot|nas-boot, was 'teleport'",
                run(new Provision(), "--vm", "vm-1", "-p", "debian-12", "-m", "teleport", "-n", "x")
                        .failure());
        assertEquals(
                "INVALID_INPUT: --ssh-key names account 'root', which no --account gives",
                run(new Provision(), "--vm", "v", "-p", "d", "-m", "image-deploy", "-n", "x", "--ssh-key", "root=k")
                        .failure());
        assertEquals("nothing was sent for bad options", asked, os.asked.size());
    }

    @Test
    public void provisioningListAndInfoShowTheStateAndSteps() throws Exception {
        String list = ok(run(new ProvisioningList(), "--offset", "0", "--limit", "5"));
        assertEquals(List.of(new PageRequest(0, 5)), os.asked);
        assertTrue(list, list.contains("p-1") && list.contains("machine:h-7") && list.contains("san-boot"));
        assertTrue(list, list.contains("INSTALLED") && list.contains("Showing 1-1 of 1"));

        String info = ok(run(new ProvisioningInfo(), "p-1"));
        assertTrue(info, info.contains("bm1") && info.contains("san-boot") && info.contains("task-os.provision"));
        assertTrue(info, info.contains("cloned from deb12") && info.contains("installer finished"));
        assertTrue(info, info.contains("2026-12-06T12:01:30Z"));
        assertEquals(
                "NOT_FOUND: provisioning 'p-9' does not exist",
                run(new ProvisioningInfo(), "p-9").failure());
    }

    @Test
    public void everyOsCommandSaysTheLayerIsNotRunning() throws Exception {
        List<Object[]> calls = List.of(
                new Object[] {new OsProfiles()},
                new Object[] {new OsImages()},
                new Object[] {
                    new OsImageAdd(), "--profile", "p", "--storage-host", "s", "--pool", "p", "--volume", "v", "n"
                },
                new Object[] {new OsImageRemove(), "img-1"},
                new Object[] {new OsTrees()},
                new Object[] {new OsTreeAdd(), "--profile", "p", "t", "/srv"},
                new Object[] {new OsTreeRemove(), "tree-1"},
                new Object[] {new Provision(), "--vm", "vm-1", "-p", "p", "-m", "image-deploy", "-n", "x"},
                new Object[] {new ProvisioningList()},
                new Object[] {new ProvisioningInfo(), "p-1"});
        for (Object[] call : calls) {
            Object[] args = java.util.Arrays.copyOfRange(call, 1, call.length);
            String failure = run((StrataAction) call[0], false, args).failure();
            assertEquals(
                    call[0].getClass().getSimpleName(),
                    "UNAVAILABLE: the OS layer is not running (feature strata-os: feature:install strata-os)",
                    failure);
        }
        assertTrue(os.asked.isEmpty());
    }
}

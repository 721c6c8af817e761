package org.strata.os;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.hardware.HardwareService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsAccount;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.engine.EventFeed;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskWork;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.os.AnswerFile;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.NetbootArtifacts;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;
import org.strata.spi.os.Personalization;

/**
 * The boot service and a network install's task, over real HTTP (Jetty in process) and a real repository (H2), with
 * the machine played by the test: it fetches its iPXE script, the installer's files and the answer file, and calls
 * back as an installer and the installed OS would. The OS driver, the VM service and the task engine are hand-written
 * stand-ins (the real drivers have their own tests; OsProvisioningIT runs the distribution).
 */
public class BootServiceTest {

    private static final String MAC = "52:54:00:12:34:56";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private JdbcConfigRepository repository;
    private OsManager os;
    private Server jetty;
    private String base;
    private Path treeRoot;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService taskThreads = Executors.newCachedThreadPool();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<String> vmActions = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The stand-in storage host's volumes, by name, with their paths. */
    private final Map<String, String> volumes = new ConcurrentHashMap<>();

    private final List<String> storageActions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private String storageHost;
    private volatile VmSpec vmSpec = new VmSpec(
            "web",
            1,
            512,
            "hvm",
            List.of(),
            List.of(new VmNic("user", null, MAC, "e1000")),
            List.of(),
            List.of("disk"),
            null,
            true,
            null);

    @Before
    public void start() throws Exception {
        repository = new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:file:" + temp.getRoot().toPath().resolve("repository"), "sa", "", 2),
                temp.getRoot().toPath().resolve("key"));
        OsDrivers drivers = new OsDrivers();
        drivers.bind(new StandInOsDriverForTests());
        jetty = new Server(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        os = new OsManager(
                repository.osStore(),
                drivers,
                engine(),
                taskService(),
                vmService(),
                unused(HardwareService.class),
                unused(InventoryService.class),
                storageService(),
                events(),
                base,
                "10.0.2.2",
                Duration.ofMinutes(1));
        context.addServlet(new ServletHolder(new BootServlet(os)), "/boot/*");
        treeRoot = temp.newFolder("tree").toPath();
        Files.createDirectories(treeRoot.resolve("boot"));
        Files.writeString(treeRoot.resolve("boot/kernel"), "KERNEL");
        Files.writeString(treeRoot.resolve("boot/initrd"), "INITRD");
        Files.writeString(temp.getRoot().toPath().resolve("secret.txt"), "outside the tree");
        org.strata.api.inventory.Datacenter dc =
                repository.createDatacenter(new org.strata.api.inventory.DatacenterSpec("dc", null), "alice");
        storageHost = repository
                .createHost(
                        new org.strata.api.inventory.HostSpec(
                                "san",
                                dc.id(),
                                null,
                                "iscsi",
                                "iscsi://127.0.0.1",
                                null,
                                null,
                                null,
                                org.strata.api.inventory.HostKind.STORAGE),
                        "alice")
                .id();
        volumes.put("golden", "iscsi://127.0.0.1:3260/iqn.2026-12.test:images/1");
        Files.writeString(temp.getRoot().toPath().resolve("vmlinuz"), "IMAGE-KERNEL");
        Files.writeString(temp.getRoot().toPath().resolve("initrd.img"), "IMAGE-INITRD");
    }

    @After
    public void stop() throws Exception {
        jetty.stop();
        taskThreads.shutdownNow();
        repository.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As iPXE asks: its User-Agent tells it from an installer fetching the same DHCP boot file URL. */
    private HttpResponse<String> ipxe(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("User-Agent", "iPXE/1.0.0+git-20190125.36a4c85")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private InstallTree tree() {
        return os.registerInstallTree(new InstallTreeSpec("stand-in", "standin-1", treeRoot.toString()), "alice");
    }

    private ProvisionRequest request(InstallTree tree) {
        return new ProvisionRequest(
                "vm",
                "vm-1",
                "standin-1",
                ProvisioningMethod.NETWORK_INSTALL,
                null,
                tree.id(),
                "web-1",
                "example.test",
                List.of(new OsAccount("ops", null, List.of())),
                List.of(),
                null,
                Map.of(),
                null);
    }

    @Test
    public void aNetworkInstallIsOneTaskThatFollowsTheMachineFromItsScriptToItsBootedOs() throws Exception {
        InstallTree tree = tree();
        assertEquals(2, tree.files());
        assertTrue(
                "no provisioning: the machine boots its disk",
                ipxe("/boot/ipxe/" + MAC).body().contains("exit"));

        Task task = os.provision(request(tree), "alice");
        Provisioning p = os.provisionings(null).items().get(0);
        assertEquals(task.id(), p.taskId());

        // The task made the VM boot from the network, then started it.
        awaitState(p.id(), ProvisioningState.BOOTING);
        assertEquals(List.of("network", "disk"), vmSpec.bootOrder());
        assertEquals(List.of("update", "start"), vmActions);

        // The machine: its script names the tree's kernel and initrd and, in the arguments, the answer file.
        ipxe("/boot/ipxe/" + MAC);
        String chain = get("/boot/boot.ipxe").body();
        assertTrue(chain, chain.contains("chain " + base + "/boot/ipxe/${net0/mac}"));
        String script =
                ipxe("/boot/ipxe/" + MAC.replace(':', '-').toUpperCase()).body();
        assertTrue(
                "the installer following the same DHCP boot file URL gets its answer file",
                get("/boot/ipxe/" + MAC).body().startsWith("hostname=web-1"));
        String kernel = line(script, "kernel ");
        String answerUrl = kernel.substring(kernel.indexOf("answer=") + "answer=".length());
        assertTrue(script, kernel.startsWith("kernel " + base + "/boot/trees/" + tree.id() + "/boot/kernel "));
        assertEquals(
                "KERNEL", get(kernel.split(" ")[1].substring(base.length())).body());
        assertEquals(
                "INITRD",
                get(line(script, "initrd ").split(" ")[1].substring(base.length()))
                        .body());
        String answer = get(answerUrl.substring(base.length())).body();
        assertTrue(answer, answer.contains("hostname=web-1"));
        String callback = answer.lines()
                .filter(l -> l.startsWith("callback="))
                .findFirst()
                .orElseThrow()
                .substring("callback=".length());

        // ...and calls back as its installer and its new OS would.
        assertEquals(
                200, get(callback.substring(base.length()) + "?step=installing").statusCode());
        awaitState(p.id(), ProvisioningState.INSTALLING);
        assertEquals(
                200, get(callback.substring(base.length()) + "?step=installed").statusCode());
        assertEquals(
                200,
                get(callback.substring(base.length()) + "?step=booted&detail=up%0Aagain")
                        .statusCode());
        Task done = awaitTask(task.id());
        assertEquals(done.errorMessage(), TaskState.SUCCEEDED, done.state());

        Provisioning ended = os.provisioning(p.id());
        assertEquals(ProvisioningState.BOOTED, ended.state());
        assertEquals(
                "a script fetched again is not a step again",
                1,
                ended.steps().stream().filter(s -> s.step().equals("netboot")).count());
        assertTrue(ended.steps().stream().anyMatch(s -> s.step().equals("answer-file")));
        assertTrue(ended.steps().stream()
                .anyMatch(s -> "callback".equals(s.step()) && s.detail().equals("booted: up again")));
        assertTrue(
                "once done, the machine boots its disk again",
                ipxe("/boot/ipxe/" + MAC).body().contains("exit"));
        assertTrue(
                "and nobody gets an answer file any more",
                get("/boot/ipxe/" + MAC).body().contains("exit"));
        assertEquals(
                "a late callback changes nothing",
                200,
                get(callback.substring(base.length()) + "?step=failed").statusCode());
        assertEquals(ProvisioningState.BOOTED, os.provisioning(p.id()).state());
    }

    private org.strata.api.os.OsImage image() {
        return os.registerImage(
                new org.strata.api.os.OsImageSpec(
                        "golden",
                        "standin-1",
                        storageHost,
                        "iqn.2026-12.test:images",
                        "golden",
                        temp.getRoot().toPath().resolve("vmlinuz").toString(),
                        temp.getRoot().toPath().resolve("initrd.img").toString(),
                        "127.0.0.1:/exports/golden"),
                "alice");
    }

    private ProvisionRequest imageRequest(ProvisioningMethod method, String imageId) {
        return new ProvisionRequest(
                "vm",
                "vm-1",
                "standin-1",
                method,
                imageId,
                null,
                "web-1",
                "example.test",
                List.of(new OsAccount("ops", null, List.of())),
                List.of(),
                null,
                Map.of(),
                null);
    }

    /**
     * Image deploy: the image is cloned to a volume of its own, which becomes the VM's disk and what it boots; the
     * VM's serial number names its seed (the driver's words), whose files call back.
     */
    @Test
    public void anImageDeployClonesTheImageToTheVmsDiskAndNamesItsSeedInItsSerialNumber() throws Exception {
        org.strata.api.os.OsImage image = image();
        Task task = os.provision(imageRequest(ProvisioningMethod.IMAGE_DEPLOY, image.id()), "alice");
        Provisioning p = os.provisionings(null).items().get(0);
        awaitState(p.id(), ProvisioningState.BOOTING);
        String clone = "os-" + p.id();
        assertEquals(List.of("clone golden " + clone), storageActions);
        assertEquals(List.of("update", "start"), vmActions);
        assertEquals(List.of("disk"), vmSpec.bootOrder());
        assertEquals(volumes.get(clone), vmSpec.disks().get(0).source());
        assertEquals("vda", vmSpec.disks().get(0).target());
        String serial = vmSpec.serialNumber();
        assertTrue(serial, serial.startsWith("seed=" + base + "/boot/nocloud/") && serial.endsWith("/"));
        assertTrue(
                "an image deploy's VM that network-boots is sent to its disk",
                ipxe("/boot/ipxe/" + MAC).body().contains("exit"));

        String seed = serial.substring("seed=".length());
        String userData = get(seed.substring(base.length()) + "user-data").body();
        String callback = userData.substring(userData.indexOf("callback=") + "callback=".length())
                .strip();
        assertEquals(
                200, get(callback.substring(base.length()) + "?step=booted").statusCode());
        Task done = awaitTask(task.id());
        assertEquals(done.errorMessage(), TaskState.SUCCEEDED, done.state());
        assertEquals(ProvisioningState.BOOTED, os.provisioning(p.id()).state());
    }

    /**
     * SAN boot: the machine's LUN is a clone of the image's; its script attaches that LUN (iPXE describes it in the
     * iBFT table) and boots the image's kernel with its root named by target and LUN, as the machine reaches the
     * portal; and goes on booting so once provisioned.
     */
    @Test
    public void aSanBootBootsItsOwnLunAtEveryBoot() throws Exception {
        org.strata.api.os.OsImage image = image();
        Task task = os.provision(imageRequest(ProvisioningMethod.SAN_BOOT, image.id()), "alice");
        Provisioning p = os.provisionings(null).items().get(0);
        awaitState(p.id(), ProvisioningState.BOOTING);
        String clone = "os-" + p.id();
        assertEquals("iscsi://127.0.0.1:3260/iqn.2026-12.test:images/2", volumes.get(clone));
        assertTrue("a SAN boot keeps the VM's disks", vmSpec.disks().isEmpty());
        String script = ipxe("/boot/ipxe/" + MAC).body();
        assertTrue(script, script.contains("\nsanhook iscsi:10.0.2.2::3260:2:iqn.2026-12.test:images\n"));
        assertTrue(script, line(script, "kernel ").contains(" root=iscsi:10.0.2.2:3260:iqn.2026-12.test:images:2:1 "));
        String kernel = line(script, "kernel ");
        String seed = kernel.substring(kernel.indexOf("seed=") + "seed=".length());
        String userData = get(seed.substring(base.length()) + "user-data").body();
        String callback = userData.substring(userData.indexOf("callback=") + "callback=".length())
                .strip();
        assertEquals(
                200, get(callback.substring(base.length()) + "?step=booted").statusCode());
        assertEquals(TaskState.SUCCEEDED, awaitTask(task.id()).state());
        assertEquals(
                "after it is provisioned, the same boot",
                script,
                ipxe("/boot/ipxe/" + MAC).body());
    }

    @Test
    public void anImageMethodIsRefusedInWordsWhenItsImageCannotServeIt() {
        org.strata.api.os.OsImage image = image();
        volumes.put("golden", "/var/lib/libvirt/images/golden.qcow2");
        StrataException notIscsi = assertThrows(
                StrataException.class,
                () -> os.provision(imageRequest(ProvisioningMethod.SAN_BOOT, image.id()), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, notIscsi.code());
        assertTrue(notIscsi.getMessage(), notIscsi.getMessage().contains("not on an iSCSI LUN"));
        StrataException noImage = assertThrows(
                StrataException.class,
                () -> os.provision(imageRequest(ProvisioningMethod.IMAGE_DEPLOY, null), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, noImage.code());
        assertTrue(storageActions.isEmpty());
        assertTrue(os.provisionings(null).items().isEmpty());
    }

    @Test
    public void whatIsNotAMachinesOwnIsNotServed() throws Exception {
        InstallTree tree = tree();
        for (String path : List.of(
                "/boot/trees/" + tree.id() + "/../secret.txt",
                "/boot/trees/" + tree.id() + "/%2e%2e/secret.txt",
                "/boot/trees/" + tree.id() + "/boot",
                "/boot/trees/" + UUID.randomUUID() + "/boot/kernel",
                "/boot/answer/not-a-token-of-anyone-1234",
                "/boot/nocloud/not-a-token-of-anyone-1234/user-data",
                "/boot/callback/not-a-token-of-anyone-1234?step=booted",
                "/boot/nothing")) {
            HttpResponse<String> r = get(path);
            assertTrue(path + " → " + r.statusCode(), r.statusCode() == 404 || r.statusCode() == 400);
            assertFalse(path, r.body().contains("outside the tree"));
        }
        assertEquals(400, get("/boot/ipxe/not-a-mac").statusCode());
    }

    @Test
    public void aRequestTheProfileOrItsDriverCannotServeIsRefusedInWordsBeforeAnyTask() {
        InstallTree tree = tree();
        ProvisionRequest good = request(tree);
        StrataException unknown =
                assertThrows(StrataException.class, () -> os.provision(with(good, "nope", null), "a"));
        assertEquals(ErrorCode.INVALID_INPUT, unknown.code());
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("standin-1"));
        StrataException badName =
                assertThrows(StrataException.class, () -> os.provision(with(good, "standin-1", "Not_A_Host"), "a"));
        assertEquals(ErrorCode.INVALID_INPUT, badName.code());
        StrataException refused =
                assertThrows(StrataException.class, () -> os.provision(with(good, "standin-1", "refuse-me"), "a"));
        assertEquals(ErrorCode.INVALID_INPUT, refused.code());
        assertEquals("the driver's words", "this stand-in refuses that host name", refused.getMessage());
        assertTrue(tasks.isEmpty());
        assertTrue(os.provisionings(null).items().isEmpty());
    }

    private static ProvisionRequest with(ProvisionRequest r, String profile, String hostname) {
        return new ProvisionRequest(
                r.targetType(),
                r.targetId(),
                profile,
                r.method(),
                r.imageId(),
                r.installTreeId(),
                hostname == null ? r.hostname() : hostname,
                r.domain(),
                r.accounts(),
                r.packages(),
                r.mirror(),
                r.extra(),
                r.bootMac());
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    private void awaitState(String id, ProvisioningState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (os.provisioning(id).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + os.provisioning(id).state() + ", not " + state);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
    }

    private Task awaitTask(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!tasks.get(id).done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task still " + tasks.get(id).state());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
        return tasks.get(id);
    }

    // ---- stand-ins

    private static Task task(String id, String operation, TaskState state, String result, String error) {
        Instant now = Instant.now();
        return new Task(
                id,
                operation,
                "vm",
                "vm-1",
                state,
                state == TaskState.SUCCEEDED ? 100 : 0,
                null,
                result,
                error == null ? null : ErrorCode.CONFLICT,
                error,
                "alice",
                now,
                now,
                state.equals(TaskState.RUNNING) ? null : now);
    }

    /** Runs each work on a thread of its own, as the engine's long lane would. */
    private TaskEngine engine() {
        return (TaskRequest request, TaskWork work) -> {
            String id = UUID.randomUUID().toString();
            tasks.put(id, task(id, request.operation(), TaskState.RUNNING, null, null));
            taskThreads.execute(() -> {
                try {
                    String result = work.run(new TaskContext() {
                        @Override
                        public String taskId() {
                            return id;
                        }

                        @Override
                        public void progress(int percent, String message) {}

                        @Override
                        public void checkCancelled() {}
                    });
                    tasks.put(id, task(id, request.operation(), TaskState.SUCCEEDED, result, null));
                } catch (Exception e) {
                    tasks.put(id, task(id, request.operation(), TaskState.FAILED, null, e.getMessage()));
                }
            });
            return tasks.get(id);
        };
    }

    private TaskService taskService() {
        return (TaskService) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {TaskService.class}, (proxy, m, args) -> {
                    if (m.getName().equals("await") || m.getName().equals("task")) {
                        return tasks.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** One stopped VM, vm-1; its actions succeed at once. */
    private VmService vmService() {
        return (VmService) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {VmService.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "vm" -> {
                            if (!"vm-1".equals(args[0])) {
                                throw StrataException.notFound("VM", (String) args[0]);
                            }
                            return new VirtualMachine(
                                    "vm-1",
                                    "h-1",
                                    "web",
                                    VmState.STOPPED,
                                    1,
                                    512,
                                    "vm-1",
                                    vmSpec,
                                    true,
                                    null,
                                    Instant.now(),
                                    null,
                                    false,
                                    null);
                        }
                        case "update" -> {
                            vmSpec = (VmSpec) args[1];
                            vmActions.add("update");
                        }
                        case "act" -> vmActions.add((String) args[1]);
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    String id = UUID.randomUUID().toString();
                    tasks.put(id, task(id, "vm." + m.getName(), TaskState.SUCCEEDED, "ok", null));
                    return tasks.get(id);
                });
    }

    /** One storage host whose volumes are {@link #volumes}; a clone takes the next LUN (or the next file). */
    private org.strata.api.storage.StorageService storageService() {
        return (org.strata.api.storage.StorageService) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {org.strata.api.storage.StorageService.class},
                (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "volume" -> {
                            String path = volumes.get((String) args[2]);
                            if (path == null) {
                                throw StrataException.notFound("volume", (String) args[2]);
                            }
                            return new org.strata.api.storage.Volume(
                                    args[1] + "/" + args[2],
                                    storageHost,
                                    (String) args[1],
                                    (String) args[2],
                                    1L,
                                    1L,
                                    "raw",
                                    path);
                        }
                        case "volumes" -> {
                            return volumes.keySet().stream()
                                    .map(n -> new org.strata.api.storage.Volume(
                                            args[1] + "/" + n,
                                            storageHost,
                                            (String) args[1],
                                            n,
                                            1L,
                                            1L,
                                            "raw",
                                            volumes.get(n)))
                                    .toList();
                        }
                        case "cloneVolume" -> {
                            String from = volumes.get((String) args[2]);
                            String to = from.startsWith("iscsi:")
                                    ? from.substring(0, from.lastIndexOf('/') + 1) + (volumes.size() + 1)
                                    : "/pool/" + args[3];
                            volumes.put((String) args[3], to);
                            storageActions.add("clone " + args[2] + " " + args[3]);
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    String id = UUID.randomUUID().toString();
                    tasks.put(id, task(id, "storage." + m.getName(), TaskState.SUCCEEDED, "ok", null));
                    return tasks.get(id);
                });
    }

    private static EventFeed events() {
        return new EventFeed() {
            @Override
            public void record(Event.Severity s, String type, String subjectType, String subjectId, String message) {}

            @Override
            public AutoCloseable subscribe(EventFilter filter, java.util.function.Consumer<Event> listener) {
                return () -> {};
            }
        };
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                BootServiceTest.class.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                }));
    }

    /** An OS family driver of the test's own: one profile, trivial files that say what the test reads in them. */
    static final class StandInOsDriverForTests implements OsFamilyDriver {
        private static final OsProfile PROFILE = new OsProfile(
                "standin-1",
                "Stand-in OS 1",
                "1",
                "",
                "server",
                "x86_64",
                Set.of(
                        org.strata.spi.os.ProvisioningMethod.NETWORK_INSTALL,
                        org.strata.spi.os.ProvisioningMethod.IMAGE_DEPLOY,
                        org.strata.spi.os.ProvisioningMethod.SAN_BOOT));

        @Override
        public DriverDescriptor descriptor() {
            return new DriverDescriptor("os-standin", DriverKind.OS_FAMILY, "tests", "1", "stand-in", Set.of());
        }

        @Override
        public List<OsProfile> profiles() {
            return List.of(PROFILE);
        }

        @Override
        public AnswerFile answerFile(OsProfile profile, MachineParams machine) {
            if (machine.hostname().equals("refuse-me")) {
                throw new DriverException(Fault.INVALID, "this stand-in refuses that host name");
            }
            return new AnswerFile(
                    "answer.txt",
                    "text/plain",
                    "hostname=" + machine.hostname() + "\ncallback=" + machine.callbackUrl() + "\n");
        }

        @Override
        public NetbootArtifacts netboot(
                OsProfile profile, org.strata.spi.os.InstallTree tree, MachineParams machine, String answerUrl) {
            if (!tree.has("boot/kernel")) {
                throw new DriverException(Fault.INVALID, "no boot/kernel in the tree");
            }
            return new NetbootArtifacts("boot/kernel", List.of("boot/initrd"), "console=ttyS0 answer=" + answerUrl);
        }

        @Override
        public Personalization personalize(OsProfile profile, MachineParams machine) {
            return new Personalization(
                    Personalization.NOCLOUD,
                    Map.of(
                            "user-data",
                                    "#cloud-config\ncallback="
                                            + machine.callback("booted").replaceFirst("\\?.*", ""),
                            "meta-data", "instance-id: " + machine.hostname() + "\n"));
        }

        /** Says what it was given: {@code root=iscsi:PORTAL:PORT:TARGET:LUN:PART}, the seed. */
        @Override
        public String imageBoot(
                OsProfile profile, org.strata.spi.os.ImageRoot root, MachineParams machine, String seedUrl) {
            if (!(root instanceof org.strata.spi.os.ImageRoot.Iscsi i)) {
                throw new DriverException(Fault.UNSUPPORTED, "no NAS boot");
            }
            return "console=ttyS0 root=iscsi:" + i.portal() + ":" + i.port() + ":" + i.target() + ":" + i.lun() + ":"
                    + i.partition() + " seed=" + seedUrl;
        }

        @Override
        public String seedSerialNumber(OsProfile profile, MachineParams machine, String seedUrl) {
            return "seed=" + seedUrl;
        }

        @Override
        public Optional<GuestFacts> recognize(Map<String, String> osInfo) {
            return Optional.empty();
        }
    }
}

package org.strata.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.HardwareService;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.InventoryService;
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
import org.strata.api.storage.StorageService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmService;
import org.strata.engine.EventFeed;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.OsStore;
import org.strata.spi.DriverException;
import org.strata.spi.os.ImageRoot;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;

/**
 * The OS layer (docs/os.md): profiles from the OS family drivers, golden images and install trees, and provisioning
 * as one task per machine. What a machine fetches while it boots (its iPXE script, the installer's files, the answer
 * file, its NoCloud data) and its callbacks go through {@link BootServlet}, which asks this class; every file is
 * rendered again from the recorded request at each fetch, so nothing a driver made is ever stored.
 */
@Component(
        service = {OsService.class, OsManager.class},
        configurationPid = OsManager.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OsManager.Config.class)
public final class OsManager implements OsService {

    public static final String PID = "org.strata.os";
    static final String OPERATION = "os.provision";

    @ObjectClassDefinition(name = "Strata OS layer", description = "Provisioning and the boot service (docs/os.md).")
    public @interface Config {
        @AttributeDefinition(
                description = "The boot service's base URL as the machines being provisioned reach it (plain HTTP:"
                        + " PXE firmware and installers cannot check Strata's certificate), without a trailing"
                        + " slash. 10.0.2.2 is the host as QEMU's user networking shows it.")
        String bootUrl() default "http://10.0.2.2:8181";

        @AttributeDefinition(min = "1", description = "Minutes a provisioning waits for the OS to call back.")
        int callbackMinutes() default 90;

        @AttributeDefinition(
                description = "The address the machines being provisioned use for a storage portal or NFS server"
                        + " that Strata knows as 127.0.0.1 (a test bed's: 10.0.2.2 is the host as QEMU's user"
                        + " networking shows it). Addresses other than 127.0.0.1 are given to machines as they are.")
        String loopbackAs() default "10.0.2.2";
    }

    private final OsStore store;
    private final OsDrivers drivers;
    private final TaskEngine engine;
    private final TaskService tasks;
    private final VmService vms;
    private final HardwareService hardware;
    private final InventoryService inventory;
    private final StorageService storage;
    private final EventFeed events;
    private final String bootUrl;
    private final Duration callbackWait;
    private final ImageMethods images;
    private final SecureRandom random = new SecureRandom();
    /** Per open provisioning: notified at every callback, so that its task wakes without polling. */
    private final Map<String, Object> monitors = new ConcurrentHashMap<>();

    @Activate
    public OsManager(
            Config config,
            @Reference OsStore store,
            @Reference OsDrivers drivers,
            @Reference TaskEngine engine,
            @Reference TaskService tasks,
            @Reference VmService vms,
            @Reference HardwareService hardware,
            @Reference InventoryService inventory,
            @Reference StorageService storage,
            @Reference EventFeed events) {
        this(
                store,
                drivers,
                engine,
                tasks,
                vms,
                hardware,
                inventory,
                storage,
                events,
                config.bootUrl(),
                config.loopbackAs(),
                Duration.ofMinutes(config.callbackMinutes()));
        resumeOpen();
    }

    /** For tests: no resume of open provisionings. */
    public OsManager(
            OsStore store,
            OsDrivers drivers,
            TaskEngine engine,
            TaskService tasks,
            VmService vms,
            HardwareService hardware,
            InventoryService inventory,
            StorageService storage,
            EventFeed events,
            String bootUrl,
            String loopbackAs,
            Duration callbackWait) {
        this.store = store;
        this.drivers = drivers;
        this.engine = engine;
        this.tasks = tasks;
        this.vms = vms;
        this.hardware = hardware;
        this.inventory = inventory;
        this.storage = storage;
        this.events = events;
        this.images = new ImageMethods(
                store, storage, loopbackAs == null || loopbackAs.isBlank() ? "127.0.0.1" : loopbackAs.strip());
        this.bootUrl = bootUrl.endsWith("/") ? bootUrl.substring(0, bootUrl.length() - 1) : bootUrl;
        this.callbackWait = callbackWait;
    }

    // ---- profiles

    @Override
    public List<OsProfileInfo> profiles() {
        return drivers.profiles().stream().map(OsManager::info).toList();
    }

    @Override
    public OsProfileInfo profile(String id) {
        return info(resolve(id, false));
    }

    private static OsProfileInfo info(OsDrivers.Resolved r) {
        OsProfile p = r.profile();
        return new OsProfileInfo(
                p.id(),
                r.driverId(),
                p.name(),
                p.release(),
                p.edition(),
                p.role(),
                p.architecture(),
                p.methods().stream()
                        .map(m -> ProvisioningMethod.valueOf(m.name()))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    private OsDrivers.Resolved resolve(String profileId, boolean asInput) {
        if (profileId == null || profileId.isBlank()) {
            throw StrataException.invalid("profileId is required");
        }
        return drivers.profile(profileId).orElseThrow(() -> {
            String offered = String.join(
                    ", ", drivers.profiles().stream().map(r -> r.profile().id()).toList());
            String message = "no OS profile '" + profileId + "' among those the OS drivers running offer ("
                    + (offered.isEmpty() ? "none: no OS family driver runs" : offered) + ")";
            return asInput ? StrataException.invalid(message) : StrataException.notFound("OS profile", profileId);
        });
    }

    // ---- images and trees

    @Override
    public List<OsImage> images() {
        return store.images();
    }

    @Override
    public OsImage image(String id) {
        return store.image(id).orElseThrow(() -> StrataException.notFound("OS image", id));
    }

    @Override
    public OsImage registerImage(OsImageSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body is required");
        }
        name(spec.name());
        resolve(spec.profileId(), true);
        if (spec.storageHostId() == null && spec.nfsRoot() == null) {
            throw StrataException.invalid(
                    "an image is a volume (storageHostId, pool, volume) or an NFS root (nfsRoot)");
        }
        if (spec.storageHostId() != null && (blank(spec.pool()) || blank(spec.volume()))) {
            throw StrataException.invalid("an image on a storage host names its pool and its volume");
        }
        for (String file : new String[] {spec.kernel(), spec.initrd()}) {
            if (file != null && !Files.isReadable(absolute(file))) {
                throw StrataException.invalid("cannot read " + file + " on this Strata node");
            }
        }
        return store.createImage(spec, principal);
    }

    @Override
    public void removeImage(String id, String principal) {
        store.deleteImage(id, principal);
    }

    @Override
    public List<InstallTree> installTrees() {
        return store.installTrees();
    }

    @Override
    public InstallTree registerInstallTree(InstallTreeSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body is required");
        }
        name(spec.name());
        resolve(spec.profileId(), true);
        if (spec.path() == null) {
            throw StrataException.invalid("path is required");
        }
        Path root = absolute(spec.path());
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            throw StrataException.invalid("no readable folder " + root + " on this Strata node");
        }
        return store.createInstallTree(spec, treeFiles(root).size(), principal);
    }

    @Override
    public void removeInstallTree(String id, String principal) {
        store.deleteInstallTree(id, principal);
    }

    /** The relative paths ({@code /}-separated) of the tree's regular files. */
    static Set<String> treeFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root, 12)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw StrataException.invalid("cannot read the install tree " + root + ": " + e.getMessage());
        }
    }

    InstallTree tree(String id) {
        return store.installTree(id).orElseThrow(() -> StrataException.notFound("install tree", id));
    }

    private static Path absolute(String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw StrataException.invalid("an absolute path is required: " + path);
        }
        return p.normalize();
    }

    private static void name(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw StrataException.invalid(
                    "a name is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    // ---- provisioning

    @Override
    public Task provision(ProvisionRequest request, String principal) {
        if (request == null) {
            throw StrataException.invalid("a body is required");
        }
        OsDrivers.Resolved r = resolve(request.profileId(), true);
        if (request.method() == null) {
            throw StrataException.invalid(
                    "method is required: one of NETWORK_INSTALL, IMAGE_DEPLOY, SAN_BOOT, NAS_BOOT");
        }
        if (!r.profile()
                .supports(org.strata.spi.os.ProvisioningMethod.valueOf(
                        request.method().name()))) {
            throw StrataException.invalid("profile '" + r.profile().id() + "' cannot be provisioned by "
                    + request.method() + "; it supports " + r.profile().methods());
        }
        String targetType = request.targetType() == null ? "" : request.targetType();
        String mac;
        VirtualMachine vm = null;
        switch (targetType) {
            case "vm" -> {
                vm = vms.vm(request.targetId());
                mac = request.bootMac() != null ? request.bootMac() : firstMac(vm);
            }
            case "machine" -> {
                Host host = inventory.host(request.targetId());
                if (host.kind() != HostKind.MACHINE) {
                    throw StrataException.invalid("host '" + host.name() + "' is not a machine behind a BMC");
                }
                if (request.bootMac() == null) {
                    throw StrataException.invalid("a machine's provisioning names the MAC address it boots from"
                            + " (bootMac): its BMC does not tell it");
                }
                mac = request.bootMac();
            }
            default -> throw StrataException.invalid("targetType is 'vm' or 'machine'");
        }
        String token = newToken();
        MachineParams machine = machine(request, mac, token);
        String treeId = null;
        String imageId = null;
        if (request.method() == ProvisioningMethod.NETWORK_INSTALL) {
            if (request.installTreeId() == null) {
                throw StrataException.invalid("a network install names its install tree (installTreeId)");
            }
            InstallTree tree = store.installTree(request.installTreeId())
                    .orElseThrow(() -> StrataException.invalid("no install tree " + request.installTreeId()));
            treeId = tree.id();
            // Rendered once now, so that what the driver refuses is said before any task; again at each fetch.
            driverCall(() -> r.driver().answerFile(r.profile(), machine));
            driverCall(() -> r.driver().netboot(r.profile(), installTree(tree), machine, answerUrl(token)));
        } else {
            OsImage image = images.check(request, r, vm);
            imageId = image.id();
            if (request.method() == ProvisioningMethod.IMAGE_DEPLOY) {
                driverCall(() -> r.driver().seedSerialNumber(r.profile(), machine, seedUrl(token)));
            } else {
                ImageRoot root = images.sampleRoot(request.method(), image);
                driverCall(() -> r.driver().imageBoot(r.profile(), root, machine, seedUrl(token)));
            }
            driverCall(() -> r.driver().personalize(r.profile(), machine));
        }
        Provisioning p = store.createProvisioning(
                new OsStore.NewProvisioning(
                        targetType,
                        request.targetId(),
                        r.profile().id(),
                        r.driverId(),
                        request.method(),
                        imageId,
                        treeId,
                        machine.nics().get(0).mac(),
                        token,
                        request),
                principal);
        Task task = submit(p.id(), principal);
        events.record(
                Event.Severity.INFO,
                "OS_PROVISIONING_STARTED",
                targetType.equals("vm") ? "vm" : "host",
                request.targetId(),
                "provisioning of " + r.profile().name() + " (" + request.method() + ") as '" + request.hostname()
                        + "' begins");
        return task;
    }

    /**
     * The task's target is the provisioning itself, not its VM or machine: the task waits minutes for callbacks, and
     * the VM's or machine's own tasks it submits (boot order, start, boot device, power) would queue behind it, since
     * tasks on one target run one after another.
     */
    private Task submit(String provisioningId, String principal) {
        monitors.putIfAbsent(provisioningId, new Object());
        Task task = engine.submit(
                new TaskRequest(
                        OPERATION, new TaskTarget("provisioning", provisioningId), Lane.LONG, principal, List.of()),
                new ProvisionWork(this, provisioningId));
        store.setTask(provisioningId, task.id());
        return task;
    }

    /** Open provisionings of a Strata that stopped: their task goes on waiting for the OS (docs/os.md). */
    private void resumeOpen() {
        for (OsStore.StoredProvisioning open : store.open()) {
            submit(open.provisioning().id(), "strata-os");
        }
    }

    private static String firstMac(VirtualMachine vm) {
        if (vm.spec() != null) {
            for (VmNic nic : vm.spec().nics()) {
                if (nic.mac() != null) {
                    return nic.mac();
                }
            }
        }
        throw StrataException.invalid("VM '" + vm.name() + "' has no network interface with a MAC address to boot"
                + " from: give it one, or name bootMac");
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    MachineParams machine(ProvisionRequest request, String mac, String token) {
        try {
            List<MachineParams.OsUser> users =
                    request.accounts().stream().map(OsManager::user).toList();
            return new MachineParams(
                    request.hostname(),
                    request.domain(),
                    List.of(MachineParams.Nic.dhcp(mac)),
                    users,
                    null,
                    null,
                    request.packages(),
                    request.mirror(),
                    bootUrl + "/boot/callback/" + token,
                    request.extra());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw StrataException.invalid(e.getMessage());
        }
    }

    private static MachineParams.OsUser user(OsAccount a) {
        return new MachineParams.OsUser(a.name(), a.passwordHash(), a.sshKeys());
    }

    /** A driver's answer: its refusals are the request's fault (400) or the driver's limit (501), in its words. */
    static <T> T driverCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DriverException e) {
            ErrorCode code = switch (e.fault()) {
                case INVALID -> ErrorCode.INVALID_INPUT;
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
                case NOT_FOUND -> ErrorCode.NOT_FOUND;
                case CONFLICT -> ErrorCode.CONFLICT;
                default -> ErrorCode.DRIVER_FAILURE;
            };
            throw new StrataException(code, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid(e.getMessage());
        }
    }

    @Override
    public Page<Provisioning> provisionings(PageRequest page) {
        return store.provisionings(page == null ? new PageRequest(0, PageRequest.DEFAULT_LIMIT) : page);
    }

    @Override
    public Provisioning provisioning(String id) {
        return store.provisioning(id).orElseThrow(() -> StrataException.notFound("provisioning", id));
    }

    // ---- what the boot service asks

    String answerUrl(String token) {
        return bootUrl + "/boot/answer/" + token;
    }

    /** The folder the OS reads its NoCloud files from (cloud-init's {@code ds=nocloud-net;s=}). */
    String seedUrl(String token) {
        return bootUrl + "/boot/nocloud/" + token + "/";
    }

    String treeUrl(String treeId) {
        return bootUrl + "/boot/trees/" + treeId;
    }

    org.strata.spi.os.InstallTree installTree(InstallTree tree) {
        return new org.strata.spi.os.InstallTree(treeUrl(tree.id()), treeFiles(Path.of(tree.path())));
    }

    /** The driver and profile of a recorded provisioning; UNAVAILABLE while its driver is away. */
    OsDrivers.Resolved resolved(OsStore.StoredProvisioning p) {
        OsFamilyDriver driver = drivers.driver(p.driverId())
                .orElseThrow(() -> new StrataException(
                        ErrorCode.DRIVER_UNAVAILABLE,
                        "OS driver '" + p.driverId() + "' is not running: the provisioning waits for it"));
        OsProfile profile = driver.profiles().stream()
                .filter(x -> x.id().equals(p.provisioning().profileId()))
                .findFirst()
                .orElseThrow(() -> new StrataException(
                        ErrorCode.DRIVER_UNAVAILABLE,
                        "OS driver '" + p.driverId() + "' no longer offers profile "
                                + p.provisioning().profileId()));
        return new OsDrivers.Resolved(driver, p.driverId(), profile);
    }

    /**
     * The iPXE script for a machine booting from {@code mac}: its installer when a network install is open for it,
     * else {@code exit}, which hands the boot to the next device (its disk), as a machine Strata is not provisioning
     * must boot as if Strata were not there.
     */
    String ipxe(String mac) {
        Optional<OsStore.StoredProvisioning> open = store.openByMac(mac);
        if (open.isEmpty()) {
            Optional<OsStore.StoredProvisioning> booted = store.lastBootedByMac(mac)
                    .filter(p -> p.provisioning().method() == ProvisioningMethod.SAN_BOOT
                            || p.provisioning().method() == ProvisioningMethod.NAS_BOOT);
            if (booted.isPresent()) {
                return imageScript(booted.get());
            }
            return "#!ipxe\necho Strata: no provisioning for ${net0/mac}: booting the next device\nexit\n";
        }
        OsStore.StoredProvisioning p = open.get();
        String script = switch (p.provisioning().method()) {
            case NETWORK_INSTALL -> installScript(p);
            case SAN_BOOT, NAS_BOOT -> imageScript(p);
            // An image deploy's VM boots its own disk: its OS finds its seed in the VM's serial number.
            case IMAGE_DEPLOY -> "#!ipxe\necho Strata: an image deploy boots its disk\nexit\n";
        };
        recordOnce(p, "netboot", "iPXE script served for " + mac);
        return script;
    }

    private String installScript(OsStore.StoredProvisioning p) {
        OsDrivers.Resolved r = resolved(p);
        InstallTree tree = tree(p.installTreeId());
        MachineParams machine = machine(p.request(), p.bootMac(), p.token());
        org.strata.spi.os.NetbootArtifacts boot =
                driverCall(() -> r.driver().netboot(r.profile(), installTree(tree), machine, answerUrl(p.token())));
        String base = treeUrl(tree.id()) + "/";
        StringBuilder script = new StringBuilder("#!ipxe\n");
        script.append("echo Strata: ")
                .append(r.profile().name())
                .append(" for ")
                .append(machine.hostname())
                .append('\n');
        script.append("kernel ")
                .append(base)
                .append(boot.kernel())
                .append(' ')
                .append(boot.arguments())
                .append('\n');
        for (String initrd : boot.initrds()) {
            script.append("initrd ").append(base).append(initrd).append('\n');
        }
        script.append("boot\n");
        return script.toString();
    }

    /**
     * An image method's script: the image's kernel and initrd from the boot service, with the driver's command line
     * (its root, its NoCloud seed); a SAN boot attaches its LUN first.
     */
    private String imageScript(OsStore.StoredProvisioning p) {
        OsDrivers.Resolved r = resolved(p);
        OsImage image = image(p.imageId());
        ImageRoot root = images.root(p, image);
        MachineParams machine = machine(p.request(), p.bootMac(), p.token());
        String arguments = driverCall(() -> r.driver().imageBoot(r.profile(), root, machine, seedUrl(p.token())));
        String base = bootUrl + "/boot/images/" + image.id() + "/";
        StringBuilder script = new StringBuilder("#!ipxe\n");
        script.append("echo Strata: ")
                .append(r.profile().name())
                .append(" image ")
                .append(image.name())
                .append(" for ")
                .append(machine.hostname())
                .append('\n');
        images.sanhook(root).ifPresent(line -> script.append(line).append('\n'));
        script.append("kernel ")
                .append(base)
                .append("kernel ")
                .append(arguments)
                .append('\n');
        script.append("initrd ").append(base).append("initrd\n");
        script.append("boot\n");
        return script.toString();
    }

    /** The serial number an image deploy's VM reports, which names its seed (the OS driver's words). */
    String seedSerialNumber(OsStore.StoredProvisioning p) {
        OsDrivers.Resolved r = resolved(p);
        MachineParams machine = machine(p.request(), p.bootMac(), p.token());
        return driverCall(() -> r.driver().seedSerialNumber(r.profile(), machine, seedUrl(p.token())));
    }

    /** An image's kernel or initrd, as registered ({@code which} is {@code kernel} or {@code initrd}). */
    Path imageFile(String imageId, String which) {
        OsImage image = image(imageId);
        String file = switch (which) {
            case "kernel" -> image.kernel();
            case "initrd" -> image.initrd();
            default -> null;
        };
        if (file == null) {
            throw StrataException.notFound("boot file of image " + image.name(), which);
        }
        return Path.of(file);
    }

    /**
     * Records that a file was served, the first time only: a machine that fetches it again (a reboot, a retry, a
     * firmware that asks twice) would otherwise write a step at each fetch, and a repository write per fetch is most
     * of what a script costs (bench/boot.sh).
     */
    private void recordOnce(OsStore.StoredProvisioning p, String step, String detail) {
        if (p.provisioning().steps().stream().noneMatch(s -> s.step().equals(step))) {
            store.step(p.provisioning().id(), null, step, detail, null);
        }
    }

    /** The answer file of the provisioning whose token this is. */
    org.strata.spi.os.AnswerFile answerFile(String token) {
        OsStore.StoredProvisioning p = byToken(token);
        OsDrivers.Resolved r = resolved(p);
        MachineParams machine = machine(p.request(), p.bootMac(), p.token());
        org.strata.spi.os.AnswerFile file = driverCall(() -> r.driver().answerFile(r.profile(), machine));
        recordOnce(p, "answer-file", file.name() + " served");
        return file;
    }

    /** The answer file of the network install open for the MAC address, if any (see {@link BootServlet}). */
    Optional<org.strata.spi.os.AnswerFile> answerFileForMac(String mac) {
        Optional<OsStore.StoredProvisioning> open = store.openByMac(mac);
        if (open.isEmpty() || open.get().provisioning().method() != ProvisioningMethod.NETWORK_INSTALL) {
            return Optional.empty();
        }
        return Optional.of(answerFile(open.get().token()));
    }

    /** One NoCloud file of the provisioning whose token this is ({@code user-data}, {@code meta-data}...). */
    Optional<String> nocloud(String token, String file) {
        OsStore.StoredProvisioning p = byToken(token);
        OsDrivers.Resolved r = resolved(p);
        MachineParams machine = machine(p.request(), p.bootMac(), p.token());
        return Optional.ofNullable(driverCall(() -> r.driver().personalize(r.profile(), machine))
                .files()
                .get(file));
    }

    private OsStore.StoredProvisioning byToken(String token) {
        return store.byToken(token).orElseThrow(() -> StrataException.notFound("provisioning", "(token)"));
    }

    /**
     * A callback from the installer or the OS: {@code installing}, {@code installed}, {@code booted}, or
     * {@code failed}. Unknown steps are recorded as they are, without changing the state.
     */
    void callback(String token, String step, String detail) {
        OsStore.StoredProvisioning p = byToken(token);
        String s = step == null ? "" : step.toLowerCase(java.util.Locale.ROOT);
        if (!s.matches("[a-z0-9-]{1,32}")) {
            throw StrataException.invalid("step is 1 to 32 lower-case letters, digits or '-'");
        }
        ProvisioningState state = switch (s) {
            case "installing" -> ProvisioningState.INSTALLING;
            case "installed" -> ProvisioningState.INSTALLED;
            case "booted" -> ProvisioningState.BOOTED;
            case "failed" -> ProvisioningState.FAILED;
            default -> null;
        };
        String message = state == null ? null : "the OS called back: " + s;
        store.step(p.provisioning().id(), state, "callback", s + (detail == null ? "" : ": " + detail), message);
        Object monitor = monitors.get(p.provisioning().id());
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    // ---- for ProvisionWork

    OsStore store() {
        return store;
    }

    VmService vms() {
        return vms;
    }

    HardwareService hardware() {
        return hardware;
    }

    StorageService storage() {
        return storage;
    }

    TaskService tasks() {
        return tasks;
    }

    EventFeed events() {
        return events;
    }

    Duration callbackWait() {
        return callbackWait;
    }

    /** Waits at most {@code millis} for a callback of the provisioning. */
    void awaitCallback(String provisioningId, long millis) throws InterruptedException {
        Object monitor = monitors.computeIfAbsent(provisioningId, id -> new Object());
        synchronized (monitor) {
            monitor.wait(millis);
        }
    }

    void ended(String provisioningId) {
        monitors.remove(provisioningId);
    }
}

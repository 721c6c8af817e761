package org.strata.ws.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
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
import org.strata.api.vm.VmService;

/**
 * A hand-written stand-in for the OS layer's service, for the in-process HTTP tests of its REST and SOAP faces only:
 * the real implementation (the OS layer's bundle, bundles/os, with its boot service and OS family drivers) is not on this
 * module's class path. It holds the contract's answers in a simple form: three fixed profiles (debian-12 with every
 * method, rhel-9 and windows-2022 with network install and image deploy), one storage host (sh-1) and one machine
 * (m-1); INVALID for an unknown profile, storage host or target, a method the profile lacks, a missing image or tree,
 * a tree folder that is not a readable directory (asked of the real file system); CONFLICT for a name taken, a target
 * being provisioned, or an image in use. A provisioning starts a task and stays PREPARING; tests seed others. This
 * must not grow into a second implementation.
 */
final class InMemoryOsServiceForTests implements OsService {
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private static final Set<ProvisioningMethod> ALL = Set.of(ProvisioningMethod.values());
    private static final Set<ProvisioningMethod> INSTALL_OR_IMAGE =
            Set.of(ProvisioningMethod.NETWORK_INSTALL, ProvisioningMethod.IMAGE_DEPLOY);
    static final List<OsProfileInfo> PROFILES = List.of(
            new OsProfileInfo(
                    "debian-12", "org.strata.driver.os.debian", "Debian 12", "12", "standard", "server", "amd64", ALL),
            new OsProfileInfo(
                    "rhel-9",
                    "org.strata.driver.os.rhel",
                    "RHEL 9",
                    "9",
                    "server",
                    "minimal",
                    "x86_64",
                    INSTALL_OR_IMAGE),
            new OsProfileInfo(
                    "windows-2022",
                    "org.strata.driver.os.windows",
                    "Windows Server 2022",
                    "2022",
                    "datacenter",
                    "core",
                    "amd64",
                    INSTALL_OR_IMAGE));

    private final InMemoryServicesForTests.InMemoryTaskServiceForTests tasks;
    private final VmService vms;
    private final Map<String, OsImage> images = new LinkedHashMap<>();
    private final Map<String, InstallTree> trees = new LinkedHashMap<>();
    private final Map<String, Provisioning> provisionings = new LinkedHashMap<>();
    private final Map<String, ProvisionRequest> requests = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    InMemoryOsServiceForTests(InMemoryServicesForTests.InMemoryTaskServiceForTests tasks, VmService vms) {
        this.tasks = tasks;
        this.vms = vms;
    }

    synchronized void forget() {
        images.clear();
        trees.clear();
        provisionings.clear();
        requests.clear();
    }

    /** What the boot service would have recorded. */
    synchronized void seed(Provisioning p) {
        provisionings.put(p.id(), p);
    }

    /** The request a provisioning was started with, as the service received it. */
    synchronized ProvisionRequest request(String provisioningId) {
        return requests.get(provisioningId);
    }

    @Override
    public List<OsProfileInfo> profiles() {
        return PROFILES;
    }

    @Override
    public OsProfileInfo profile(String id) {
        return PROFILES.stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("OS profile", id));
    }

    private OsProfileInfo knownProfile(String id) {
        required(id, "profileId");
        try {
            return profile(id);
        } catch (StrataException e) {
            throw StrataException.invalid("profile '" + id + "' does not exist");
        }
    }

    @Override
    public synchronized List<OsImage> images() {
        return List.copyOf(images.values());
    }

    @Override
    public synchronized OsImage image(String id) {
        OsImage i = images.get(id);
        if (i == null) {
            throw StrataException.notFound("OS image", id);
        }
        return i;
    }

    @Override
    public synchronized OsImage registerImage(OsImageSpec spec, String principal) {
        required(spec.name(), "name");
        knownProfile(spec.profileId());
        required(spec.storageHostId(), "storageHostId");
        required(spec.pool(), "pool");
        required(spec.volume(), "volume");
        if (!spec.storageHostId().equals("sh-1")) {
            throw StrataException.invalid("storage host '" + spec.storageHostId() + "' does not exist");
        }
        if (images.values().stream().anyMatch(i -> i.name().equals(spec.name()))) {
            throw StrataException.conflict("an OS image named '" + spec.name() + "' exists");
        }
        OsImage image = new OsImage(
                "img-" + ids.incrementAndGet(),
                spec.name(),
                spec.profileId(),
                spec.storageHostId(),
                spec.pool(),
                spec.volume(),
                spec.kernel(),
                spec.initrd(),
                spec.nfsRoot(),
                T0);
        images.put(image.id(), image);
        return image;
    }

    @Override
    public synchronized void removeImage(String id, String principal) {
        image(id);
        for (Map.Entry<String, ProvisionRequest> r : requests.entrySet()) {
            if (id.equals(r.getValue().imageId()) && !done(provisionings.get(r.getKey()))) {
                throw StrataException.conflict("OS image '" + id + "' is used by provisioning '" + r.getKey() + "'");
            }
        }
        images.remove(id);
    }

    @Override
    public synchronized List<InstallTree> installTrees() {
        return List.copyOf(trees.values());
    }

    @Override
    public synchronized InstallTree registerInstallTree(InstallTreeSpec spec, String principal) {
        required(spec.name(), "name");
        knownProfile(spec.profileId());
        required(spec.path(), "path");
        Path folder = Path.of(spec.path());
        if (!folder.isAbsolute() || !Files.isDirectory(folder) || !Files.isReadable(folder)) {
            throw StrataException.invalid("path '" + spec.path() + "' is not a readable folder");
        }
        if (trees.values().stream().anyMatch(t -> t.name().equals(spec.name()))) {
            throw StrataException.conflict("an install tree named '" + spec.name() + "' exists");
        }
        int files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = (int) walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw StrataException.invalid("path '" + spec.path() + "' cannot be read");
        }
        InstallTree tree =
                new InstallTree("tree-" + ids.incrementAndGet(), spec.name(), spec.profileId(), spec.path(), files, T0);
        trees.put(tree.id(), tree);
        return tree;
    }

    @Override
    public synchronized void removeInstallTree(String id, String principal) {
        if (trees.remove(id) == null) {
            throw StrataException.notFound("install tree", id);
        }
    }

    @Override
    public synchronized Task provision(ProvisionRequest request, String principal) {
        required(request.targetType(), "targetType");
        required(request.targetId(), "targetId");
        switch (request.targetType()) {
            case "vm" -> {
                try {
                    vms.vm(request.targetId());
                } catch (StrataException e) {
                    throw StrataException.invalid("VM '" + request.targetId() + "' does not exist");
                }
            }
            case "machine" -> {
                if (!request.targetId().equals("m-1")) {
                    throw StrataException.invalid("machine '" + request.targetId() + "' does not exist");
                }
            }
            default ->
                throw StrataException.invalid("targetType must be vm or machine, was '" + request.targetType() + "'");
        }
        OsProfileInfo profile = knownProfile(request.profileId());
        if (request.method() == null) {
            throw StrataException.invalid("field 'method' is required");
        }
        if (!profile.methods().contains(request.method())) {
            throw StrataException.invalid("profile '" + profile.id() + "' cannot do " + request.method());
        }
        if (request.method() == ProvisioningMethod.NETWORK_INSTALL) {
            required(request.installTreeId(), "installTreeId");
            if (!trees.containsKey(request.installTreeId())) {
                throw StrataException.invalid("install tree '" + request.installTreeId() + "' does not exist");
            }
        } else {
            required(request.imageId(), "imageId");
            if (!images.containsKey(request.imageId())) {
                throw StrataException.invalid("OS image '" + request.imageId() + "' does not exist");
            }
        }
        required(request.hostname(), "hostname");
        for (Provisioning p : provisionings.values()) {
            if (p.targetId().equals(request.targetId()) && !done(p)) {
                throw StrataException.conflict(
                        request.targetType() + " '" + request.targetId() + "' is being provisioned (" + p.id() + ")");
            }
        }
        Task task = tasks.start("os.provision", request.targetType(), request.targetId(), principal);
        String id = "prov-" + ids.incrementAndGet();
        provisionings.put(
                id,
                new Provisioning(
                        id,
                        request.targetType(),
                        request.targetId(),
                        request.profileId(),
                        request.method(),
                        request.hostname(),
                        ProvisioningState.PREPARING,
                        null,
                        task.id(),
                        List.of(new ProvisioningStep("prepare", "task " + task.id(), T0)),
                        T0.plusSeconds(ids.get()),
                        null));
        requests.put(id, request);
        return task;
    }

    @Override
    public synchronized Page<Provisioning> provisionings(PageRequest page) {
        List<Provisioning> all = new ArrayList<>(provisionings.values());
        all.sort(Comparator.comparing(Provisioning::created).reversed());
        return new Page<>(
                all.stream().skip(page.offset()).limit(page.limit()).toList(), page.offset(), page.limit(), all.size());
    }

    @Override
    public synchronized Provisioning provisioning(String id) {
        Provisioning p = provisionings.get(id);
        if (p == null) {
            throw StrataException.notFound("provisioning", id);
        }
        return p;
    }

    private static boolean done(Provisioning p) {
        return p == null
                || p.state() == ProvisioningState.BOOTED
                || p.state() == ProvisioningState.FAILED
                || p.state() == ProvisioningState.CANCELLED;
    }

    private static void required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid("field '" + field + "' is required");
        }
    }
}

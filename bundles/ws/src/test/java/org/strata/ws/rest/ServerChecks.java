package org.strata.ws.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.core.hardware.Probes;
import org.strata.core.inventory.Validation;
import org.strata.core.storage.StorageValidation;
import org.strata.core.vm.VmValidation;

/**
 * The server's own check of each value openapi.json constrains, so that OpenApiDocumentTest can put the same
 * samples to both. A location is where the value is in the document: "Schema.property", "Schema.property[]" for
 * an array's items, a parameter's $ref, or "VERB /path ?name" and "/path {name}" for a parameter written in place.
 */
final class ServerChecks {
    private static final ObjectMapper JSON = JsonMapper.create();

    private ServerChecks() {}

    /**
     * A string value and the server's check of it.
     *
     * @param required     overrides the document's required where the check's context makes the value required
     *                     (a disk's source, for a disk), or null to take the document's
     * @param ofLength     a value of the given length the pattern allows, to try maxLength and one past it; or null
     * @param samples      values to try besides those drawn from the schema (blanks, enum members, lengths)
     * @param proseRefused values the schema allows but the server refuses for a reason the description states
     */
    record Text(
            String location,
            Predicate<String> accepts,
            Boolean required,
            IntFunction<String> ofLength,
            List<String> samples,
            List<String> proseRefused) {
        Text(String location, Predicate<String> accepts, IntFunction<String> ofLength, String... samples) {
            this(location, accepts, null, ofLength, List.of(samples), List.of());
        }

        Text requiring() {
            return new Text(location, accepts, true, ofLength, samples, proseRefused);
        }

        Text proseRefuses(String... values) {
            return new Text(location, accepts, required, ofLength, samples, List.of(values));
        }
    }

    /**
     * A number and the server's check of it.
     *
     * @param parsed whether the server parses it from text (a query parameter), so int32's bounds apply
     */
    record NumberCheck(String location, LongPredicate accepts, boolean parsed) {}

    /** Whether the check passes: it refuses with INVALID_INPUT, anything else is the test's failure. */
    static boolean passes(Runnable check) {
        try {
            check.run();
            return true;
        } catch (StrataException e) {
            if (e.code() != ErrorCode.INVALID_INPUT) {
                throw e;
            }
            return false;
        }
    }

    /** Whether the REST layer binds the JSON body, as its provider would; its own checks run while binding. */
    static boolean binds(Class<?> type, ObjectNode body) {
        try {
            JSON.treeToValue(body, type);
            return true;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (e.getCause() instanceof StrataException s && s.code() == ErrorCode.INVALID_INPUT) {
                return false;
            }
            throw new AssertionError("binding failed otherwise than with INVALID_INPUT", e);
        }
    }

    /**
     * A kind binds when Jackson takes it as a HostKind name (it strips surrounding white space first); anything else is
     * the binding problem (400). Absent means the driver's.
     */
    private static boolean bindsHostKind(String value) {
        try {
            return value == null
                    || JSON.treeToValue(body("kind", value), org.strata.api.inventory.HostSpec.class)
                                    .kind()
                            != null;
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("binding failed otherwise than with a value outside the enum", e);
        }
    }

    private static ObjectNode body(String field, String value) {
        ObjectNode node = JSON.createObjectNode();
        node.put(field, value);
        return node;
    }

    private static IntFunction<String> repeat(String head, String filler) {
        return n -> n < head.length() ? null : head + filler.repeat(n - head.length());
    }

    private static final String[] NAMES = {
        "Lab 7", "Lab 7 (old)", "é-1_a.b", "7", "-lab", " lab ", "lab\t", "lab\n", "la/b", "lab!", "\u00a0lab", "ラボ"
    };
    private static final String[] IDS = {
        "fe3afe73-12e5-405a-b767-d13b50c521b4", "demo", "a b", " a", "a\u00a0b", "a\u2007b", "a\u0001b", "a\n", "ü"
    };
    private static final String[] VOLUMES = {"web-01.qcow2", "a", "A_b.c-d", ".a", "-a", "a b", "a/b", " a", "a\n", "é"
    };
    private static final String[] MACS = {
        "52:54:00:12:34:56",
        "52:54:00:AB:cd:EF",
        " 52:54:00:12:34:56 ",
        "52-54-00-12-34-56",
        "52:54:00:12:34",
        "52:54:00:12:34:5g",
        "525400123456",
        "52:54:00:12:34:56:78"
    };
    private static final String[] TARGETS = {
        "vda", "vdb", "sdaa", "hdc", "xvda", "VDB", " vdb ", "vd", "vdabcd", "xda", "nvme0n1", "vd1"
    };
    private static final String[] PATHS = {
        "/var/lib/img.qcow2",
        "/import/w2k19.vmdk",
        " /a ",
        "relative/a",
        "/a/../b",
        "/a/..b",
        "/a\u0001",
        "/a\n",
        "/a/./b",
        "/"
    };

    static List<Text> texts() {
        return List.of(
                new Text(
                        "DatacenterSpec.name",
                        v -> passes(() -> Validation.datacenter(new DatacenterSpec(v, null))),
                        repeat("", "a"),
                        NAMES),
                new Text(
                        "DatacenterSpec.description",
                        v -> passes(() -> Validation.datacenter(new DatacenterSpec("dc", v))),
                        repeat("", "d"),
                        "any text\nat all"),
                new Text(
                        "PoolSpec.datacenterId",
                        v -> passes(() -> Validation.pool(new PoolSpec(v, null, "p", null, null, null))),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "PoolSpec.parentId",
                        v -> passes(() -> Validation.pool(new PoolSpec("dc-1", v, "p", null, null, null))),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "PoolSpec.clusterId",
                        v -> passes(() -> Validation.pool(pool(v, null, null, null, null, null))),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "PoolSpec.tenantId",
                        v -> passes(() -> Validation.pool(pool(null, v, null, null, null, null))),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "PoolSpec.name",
                        v -> passes(() -> Validation.pool(new PoolSpec("dc-1", null, v, null, null, null))),
                        repeat("", "a"),
                        NAMES),
                new Text(
                        "PoolSpec.description",
                        v -> passes(() -> Validation.pool(new PoolSpec("dc-1", null, "p", v, null, null))),
                        repeat("", "d")),
                new Text(
                        "HostSpec.name",
                        v -> host(v, "dc-1", null, "kvm", "qemu:///system", null, null, null),
                        repeat("", "a"),
                        NAMES),
                new Text(
                        "HostSpec.datacenterId",
                        v -> host("h", v, null, "kvm", "qemu:///system", null, null, null),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "HostSpec.poolId",
                        v -> host("h", "dc-1", v, "kvm", "qemu:///system", null, null, null),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "HostSpec.driverId",
                        v -> host("h", "dc-1", null, v, "qemu:///system", null, null, null),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "HostSpec.address",
                        v -> host("h", "dc-1", null, "kvm", v, null, null, null),
                        repeat("qemu:///", "x"),
                        "qemu:///system",
                        " test:///default ",
                        "10.0.0.1:623",
                        "vpx://vc/DC1/esx1?no_verify=1",
                        "qemu:///sys\ntem",
                        "\u0001qemu",
                        "qemu\u0085"),
                new Text(
                        "HostSpec.username",
                        v -> host("h", "dc-1", null, "kvm", "qemu:///system", v, null, null),
                        repeat("", "u"),
                        "root",
                        " root ",
                        "administrator@vsphere.local"),
                new Text(
                        "HostSpec.password",
                        v -> host("h", "dc-1", null, "kvm", "qemu:///system", null, v, null),
                        repeat("", "p"),
                        "s3cret",
                        " spaces count "),
                new Text(
                        "HostSpec.bmcHostId",
                        v -> host("h", "dc-1", null, "kvm", "qemu:///system", null, null, v),
                        repeat("", "x"),
                        IDS),
                new Text(
                        "HostSpec.kind",
                        ServerChecks::bindsHostKind,
                        null,
                        "HYPERVISOR",
                        "STORAGE",
                        "MACHINE",
                        "hypervisor",
                        " STORAGE",
                        "TOASTER"),
                new Text(
                        "VmSpec.name",
                        v -> passes(() -> VmValidation.spec(VmSpec.of(v, 1, 64))),
                        repeat("", "a"),
                        "web-01",
                        "a.b_c-d",
                        "7",
                        "-web",
                        ".web",
                        "web 01",
                        " web",
                        "web\n",
                        "wéb"),
                new Text(
                        "VmSpec.guestMode",
                        v -> vm(new VmSpec("vm", 1, 64, v, null, null, null, null, null, false, null)),
                        null,
                        "Xen"),
                new Text(
                        "VmSpec.pciDevices[]",
                        v -> vm(new VmSpec("vm", 1, 64, null, null, null, List.of(v), null, null, false, null)),
                        null,
                        "0000:03:00.0",
                        "0000:AB:1f.7",
                        " 0000:03:00.0 ",
                        "0000:03:00.8",
                        "03:00.0",
                        "0000:03:00",
                        "00000:03:00.0",
                        "0000-03-00.0"),
                new Text(
                        "VmSpec.bootOrder[]",
                        v -> vm(new VmSpec("vm", 1, 64, null, null, null, null, List.of(v), null, false, null)),
                        null,
                        "floppy"),
                new Text(
                        "VmSpec.serialNumber",
                        v -> vm(new VmSpec("vm", 1, 64, null, null, null, null, null, null, false, null, v)),
                        repeat("", "s"),
                        "ds=nocloud-net;s=http://10.0.2.2:8181/boot/nocloud/t0k3n/",
                        "SN 0001",
                        "a\nb",
                        "séries",
                        "tab\there"),
                new Text("VmDisk.device", v -> disk(new VmDisk(v, "/img", null, null, null, false)), null, "floppy"),
                new Text(
                                "VmDisk.source",
                                v -> disk(new VmDisk("disk", v, null, null, null, false)),
                                repeat("/", "i"),
                                "/var/lib/images/web.qcow2",
                                "[datastore1] web/web.vmdk",
                                " /a ",
                                "/a\u0001",
                                "/a\nb")
                        .requiring(),
                new Text("VmDisk.format", v -> disk(new VmDisk(null, "/img", v, null, null, false)), null, "vdi"),
                new Text("VmDisk.bus", v -> disk(new VmDisk(null, "/img", null, v, null, false)), null, "usb"),
                new Text("VmDisk.target", v -> disk(new VmDisk(null, "/img", null, null, v, false)), null, TARGETS),
                new Text("VmNic.attachment", v -> nic(new VmNic(v, "default", null, null)), null, "direct"),
                new Text(
                                "VmNic.source",
                                v -> nic(new VmNic("network", v, null, null)),
                                repeat("n", "e"),
                                "default",
                                "VM Network",
                                "br0",
                                "net:1",
                                " default ",
                                "net-",
                                "-net",
                                "my net ",
                                "a",
                                "net/1",
                                "net\u00a0x")
                        .requiring(),
                new Text("VmNic.mac", v -> nic(new VmNic(null, "default", v, null)), null, MACS),
                new Text("VmNic.model", v -> nic(new VmNic(null, "default", null, v)), null, "ne2k"),
                new Text("VmGraphics.type", v -> vm(graphics(new VmGraphics(v, null, 0))), null, "rdp"),
                new Text(
                        "VmGraphics.listen",
                        v -> vm(graphics(new VmGraphics("vnc", v, 0))),
                        repeat("", "l"),
                        "127.0.0.1",
                        "::1",
                        "0.0.0.0",
                        "host_1.example",
                        " 10.0.0.1 ",
                        "10.0.0.1/8",
                        "a b"),
                new Text(
                        "VmCreate.hostId",
                        v -> {
                            ObjectNode create = body("hostId", v);
                            create.putObject("spec")
                                    .put("name", "vm")
                                    .put("cpus", 1)
                                    .put("memoryMb", 64);
                            return binds(Bodies.CreateVm.class, create);
                        },
                        null,
                        "h-1",
                        "\t"),
                new Text(
                        "VmCreate.poolId",
                        v -> {
                            ObjectNode create = body("poolId", v);
                            create.putObject("spec")
                                    .put("name", "vm")
                                    .put("cpus", 1)
                                    .put("memoryMb", 64);
                            return binds(Bodies.CreateVm.class, create);
                        },
                        null,
                        "p-1",
                        "\t"),
                new Text(
                        "ClusterMember.hostId",
                        v -> binds(Bodies.ClusterMember.class, body("hostId", v)),
                        null,
                        "h-1",
                        "\t"),
                new Text(
                        "VmMigration.targetHostId",
                        v -> binds(Bodies.Migration.class, body("targetHostId", v)),
                        null,
                        "h-2",
                        "\t"),
                new Text(
                        "VolumeSpec.name",
                        v -> passes(() -> StorageValidation.name(v, "name")),
                        repeat("", "v"),
                        VOLUMES),
                new Text("VolumeSpec.format", v -> passes(() -> StorageValidation.format(v, "format")), null, "vdi"),
                new Text(
                        "VolumeImport.name",
                        v -> passes(() -> StorageValidation.name(v, "name")),
                        repeat("", "v"),
                        VOLUMES),
                new Text(
                        "VolumeImport.sourcePath",
                        v -> passes(() -> StorageValidation.sourcePath(v)),
                        repeat("/", "s"),
                        PATHS),
                new Text(
                        "VolumeImport.sourceFormat", v -> passes(() -> StorageValidation.sourceFormat(v)), null, "vdi"),
                new Text("VolumeImport.format", v -> passes(() -> StorageValidation.format(v, "format")), null, "vdi"),
                new Text(
                        "VolumeClone.name",
                        v -> binds(Bodies.CloneVolume.class, body("name", v))
                                && passes(() -> StorageValidation.name(v, "newName")),
                        repeat("", "v"),
                        VOLUMES),
                new Text(
                        "BootDevice.device",
                        v -> binds(Bodies.BootDevice.class, body("device", v))
                                && passes(() -> HardwareResource.oneOf(
                                        "device",
                                        v,
                                        HardwareResource.BOOT_DEVICES,
                                        java.util.Set.copyOf(HardwareResource.BOOT_DEVICES))),
                        null,
                        "usb"),
                // Where it must be, and the file itself, are the hardware service's to check (it reads the file).
                new Text(
                        "FirmwareImage.imagePath",
                        v -> binds(Bodies.FirmwareImage.class, body("imagePath", v)),
                        null,
                        "\t",
                        "/srv/firmware/bmc.bin"),
                new Text(
                                "DiscoveryRequest.addresses",
                                v -> passes(() -> Probes.addresses(v)),
                                null,
                                "10.0.0.1",
                                " 10.0.0.1 ",
                                "10.0.0.1-10.0.0.40",
                                "10.0.0.1 - 10.0.0.40",
                                "10.0.0.0/26",
                                "10.0.0.0 / 26",
                                "10.0.0",
                                "10.0.0.1/",
                                "10.0.0.1-",
                                "a.b.c.d",
                                "10.0.0.1,10.0.0.2",
                                "::1",
                                "10.0.0.1/24/2")
                        .proseRefuses("300.0.0.1", "10.0.0.0/8", "10.0.0.9-10.0.0.1", "10.0.0.0/33"),
                new Text(
                                "DiscoveryRequest.ports",
                                v -> passes(() -> Probes.ports(v)),
                                null,
                                "623",
                                " 623 ",
                                "9001-9050",
                                "9001 - 9050",
                                "a",
                                "623,624",
                                "-1",
                                "9001-")
                        .proseRefuses("0", "70000", "9050-9001", "1-2000"),
                new Text(
                                "/hosts/{id}/vms/{vmId}/{operation} {vmId}",
                                v -> passes(() -> Validation.id(v, "vmId")),
                                repeat("", "x"),
                                IDS)
                        .requiring(),
                new Text(
                                "/hosts/{id}/vms/{vmId}/{operation} {operation}",
                                v -> Operations.names(OperationTarget.HOST_VM).contains(v),
                                null,
                                "reboot")
                        .requiring(),
                new Text(
                                "/vms/{id}/actions/{action} {action}",
                                v -> Operations.names(OperationTarget.VM).contains(v),
                                null,
                                "explode")
                        .requiring(),
                new Text(
                                "/hosts/{id}/power/{action} {action}",
                                v -> Operations.names(OperationTarget.MACHINE).contains(v),
                                null,
                                "explode")
                        .requiring(),
                new Text("/vms/{id}/disks/{target} {target}", v -> passes(() -> VmValidation.target(v)), null, TARGETS)
                        .requiring(),
                new Text("/vms/{id}/nics/{mac} {mac}", v -> passes(() -> VmValidation.mac(v, "mac", false)), null, MACS)
                        .requiring(),
                new Text(
                                "#/components/parameters/pool",
                                v -> passes(() -> StorageValidation.name(v, "pool")),
                                repeat("", "p"),
                                VOLUMES)
                        .requiring(),
                new Text(
                                "#/components/parameters/volume",
                                v -> passes(() -> StorageValidation.name(v, "name")),
                                repeat("", "v"),
                                VOLUMES)
                        .requiring(),
                new Text(
                        "GET /tasks ?state",
                        v -> passes(() -> QueryParams.enumeration("state", v, TaskState.class)),
                        null,
                        "running",
                        " Failed ",
                        "DONE"),
                filter("GET /pools ?datacenter"),
                new Text(
                                "GET /pools/tree ?datacenter",
                                v -> passes(() -> new PoolResource(
                                                null, NO_POOLS, new org.strata.ws.security.Scopes(null, null))
                                        .tree(
                                                v,
                                                new UserSecurityContext(
                                                        new org.strata.ws.security.AuthenticatedUser(
                                                                "admin", java.util.Set.of("admin")),
                                                        true))),
                                null,
                                "dc-1",
                                " dc-1 ",
                                "x y")
                        .requiring(),
                filter("GET /clusters ?datacenter"),
                filter("GET /placement/explain ?pool"),
                filter("GET /placement/explain ?cluster"),
                filter("GET /placement/explain ?vm"),
                filter("GET /hosts ?datacenter"),
                filter("GET /hardware/power-states ?datacenter"),
                filter("GET /vms ?host"),
                filter("GET /vms ?address"),
                filter("GET /events ?subject"),
                filter("GET /history ?entityType"),
                filter("GET /history ?entityId"),
                filter("GET /failovers ?hostId"),
                new Text(
                        "VmHaSpec.priority",
                        v -> bindsEnum(org.strata.api.ha.VmHaSpec.class, "priority", v),
                        null,
                        "HIGH",
                        "high",
                        " LOW ",
                        "URGENT"),
                new Text(
                        "ClusterHaSpec.admission",
                        v -> bindsEnum(org.strata.api.ha.ClusterHaSpec.class, "admission", v),
                        null,
                        "HOST_FAILURES",
                        "host-failures",
                        " PERCENTAGE ",
                        "ALL"),
                new Text(
                        "ProvisionRequest.method",
                        ServerChecks::provisionMethod,
                        null,
                        "IMAGE_DEPLOY",
                        "san_boot",
                        " NAS_BOOT ",
                        "PXE"));
    }

    /** An enum field binds when Jackson takes the value as one of its names (stripped), as for a host's kind. */
    private static boolean bindsEnum(Class<?> type, String field, String value) {
        try {
            JSON.treeToValue(body(field, value), type);
            return true;
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("binding failed otherwise than with a value outside the enum", e);
        }
    }

    /** A provisioning's method binds as an enum name (stripped), and the resource requires one. */
    private static boolean provisionMethod(String value) {
        ObjectNode request = body("targetType", "vm");
        request.put("targetId", "vm-1").put("profileId", "debian-12").put("hostname", "web1");
        if (value != null) {
            request.put("method", value);
        }
        try {
            org.strata.api.os.ProvisionRequest bound =
                    JSON.treeToValue(request, org.strata.api.os.ProvisionRequest.class);
            return passes(() -> ProvisioningResource.complete(bound));
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            return false;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("binding failed otherwise than with a value outside the enum", e);
        }
    }

    /** A list's filter: anything goes, blank meaning none. */
    private static Text filter(String location) {
        return new Text(location, v -> passes(() -> QueryParams.text(v)), null, "dc-1", " dc-1 ", "x y");
    }

    static List<NumberCheck> numbers() {
        long maxMemory = VmValidation.MAX_MEMORY_MB;
        return List.of(
                new NumberCheck("VmSpec.cpus", n -> vm(VmSpec.of("vm", (int) n, 64)), false),
                new NumberCheck("VmSpec.memoryMb", n -> vm(VmSpec.of("vm", 1, n)), false),
                new NumberCheck("VmGraphics.port", n -> vm(graphics(new VmGraphics("vnc", null, (int) n))), false),
                new NumberCheck(
                        "VmResources.cpuShares",
                        n -> resources(new VmResources((int) n, null, null, null, null)),
                        false),
                new NumberCheck(
                        "VmResources.cpuLimitPercent",
                        n -> resources(new VmResources(null, (int) n, null, null, null)),
                        false),
                new NumberCheck(
                        "VmResources.cpuReservationPercent",
                        n -> resources(new VmResources(null, null, (int) n, null, null)),
                        false),
                new NumberCheck(
                        "VmResources.memoryLimitMb", n -> resources(new VmResources(null, null, null, n, null)), false),
                new NumberCheck(
                        "VmResources.memoryReservationMb",
                        n -> passes(
                                () -> VmValidation.resources(new VmResources(null, null, null, null, n), maxMemory)),
                        false),
                new NumberCheck(
                        "PoolSpec.cpuLimit",
                        n -> passes(() -> Validation.pool(new PoolSpec("dc-1", null, "p", null, (int) n, null))),
                        false),
                new NumberCheck(
                        "PoolSpec.memoryLimitMb",
                        n -> passes(() -> Validation.pool(new PoolSpec("dc-1", null, "p", null, null, n))),
                        false),
                new NumberCheck(
                        "PoolSpec.cpuShares",
                        n -> passes(() -> Validation.pool(pool(null, null, (int) n, null, null, null))),
                        false),
                new NumberCheck(
                        "PoolSpec.memoryShares",
                        n -> passes(() -> Validation.pool(pool(null, null, null, (int) n, null, null))),
                        false),
                new NumberCheck(
                        "PoolSpec.cpuReservation",
                        n -> passes(() -> Validation.pool(pool(null, null, null, null, (int) n, null))),
                        false),
                new NumberCheck(
                        "PoolSpec.memoryReservationMb",
                        n -> passes(() -> Validation.pool(pool(null, null, null, null, null, n))),
                        false),
                new NumberCheck(
                        "GET /placement/explain ?cpus",
                        n -> passes(() -> QueryParams.bounded("cpus", Long.toString(n), 1, 4096)),
                        true),
                new NumberCheck(
                        "GET /clusters/{id}/schedule ?days",
                        n -> passes(() -> QueryParams.bounded("days", Long.toString(n), 1, 366)),
                        true),
                new NumberCheck(
                        "GET /placement/explain ?memoryMb",
                        n -> passes(() -> QueryParams.bounded("memoryMb", Long.toString(n), 1, Integer.MAX_VALUE)),
                        true),
                new NumberCheck("VolumeSpec.capacityMb", n -> passes(() -> StorageValidation.capacityBytes(n)), false),
                new NumberCheck("VolumeSize.capacityMb", n -> passes(() -> StorageValidation.capacityBytes(n)), false),
                new NumberCheck(
                        "#/components/parameters/offset",
                        n -> passes(() -> QueryParams.page(Long.toString(n), null)),
                        true),
                new NumberCheck(
                        "#/components/parameters/limit",
                        n -> passes(() -> QueryParams.page(null, Long.toString(n))),
                        true),
                new NumberCheck(
                        "#/components/parameters/wait",
                        n -> passes(() -> Accepted.waitSeconds(Long.toString(n))),
                        true),
                // The bounds core checks, from the declaration; REST only parses the number.
                new NumberCheck(
                        "POST /vms/{id}/actions/{action} ?timeout",
                        n -> passes(() -> Operations.checkParameter(
                                Operations.VM_SHUTDOWN,
                                Operations.TIMEOUT,
                                VmResource.timeoutSeconds(Long.toString(n)))),
                        true),
                new NumberCheck(
                        "GET /hardware/power-states ?timeout",
                        n -> passes(() -> PowerStatesResource.timeoutSeconds(Long.toString(n))),
                        true),
                new NumberCheck(
                        "GET /events/stream ?since",
                        n -> passes(() -> org.strata.ws.sse.EventsEndpoint.StreamRequest.parse(
                                java.util.Set.of("since"), List.of(), null, null, Long.toString(n), null)),
                        true));
    }

    /** The pool tree's datacenter is checked before the allocation service is asked; this one knows no pool. */
    private static final org.strata.api.datacenter.AllocationService NO_POOLS =
            new org.strata.api.datacenter.AllocationService() {
                @Override
                public org.strata.api.datacenter.PoolUsage usage(String poolId) {
                    throw StrataException.notFound("pool", poolId);
                }

                @Override
                public List<org.strata.api.datacenter.PoolUsage> tree(String datacenterId) {
                    return List.of();
                }
            };

    /** A valid pool spec but for the allocation fields given. */
    private static PoolSpec pool(
            String clusterId,
            String tenantId,
            Integer cpuShares,
            Integer memoryShares,
            Integer cpuReservation,
            Long memoryReservationMb) {
        return new PoolSpec(
                "dc-1",
                null,
                "p",
                null,
                null,
                null,
                clusterId,
                tenantId,
                cpuShares,
                memoryShares,
                cpuReservation,
                memoryReservationMb,
                null);
    }

    private static boolean host(
            String name,
            String dc,
            String pool,
            String driver,
            String address,
            String user,
            String password,
            String bmc) {
        return passes(() -> Validation.host(new HostSpec(name, dc, pool, driver, address, user, password, bmc)));
    }

    private static boolean vm(VmSpec spec) {
        return passes(() -> VmValidation.spec(spec));
    }

    private static VmSpec graphics(VmGraphics graphics) {
        return new VmSpec("vm", 1, 64, null, null, null, null, null, graphics, false, null);
    }

    private static boolean disk(VmDisk disk) {
        return passes(() -> VmValidation.disk(disk, "disk"));
    }

    private static boolean nic(VmNic nic) {
        return passes(() -> VmValidation.nic(nic, "nic"));
    }

    private static boolean resources(VmResources resources) {
        return passes(() -> VmValidation.resources(resources, VmValidation.MAX_MEMORY_MB));
    }
}

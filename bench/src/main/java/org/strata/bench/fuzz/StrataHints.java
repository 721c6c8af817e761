package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Strata's schemas leave to prose (docs/api.md) and a valid request needs: ids of objects that exist, names
 * its rules take and that do not clash, addresses its drivers accept and that stay on this machine (see
 * {@link NetworkGuard}), device names and sizes the demo hypervisor takes.
 */
final class StrataHints implements FieldHints {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Inventory inventory;
    private final String secret;
    private int serial;

    /**
     * @param secret the password every generated host and BMC credential carries: no answer may ever contain it
     * @param serial where unique names start, so that runs on one instance do not clash
     */
    StrataHints(Inventory inventory, String secret, int serial) {
        this.inventory = inventory;
        this.secret = secret;
        this.serial = serial;
    }

    int serial() {
        return serial;
    }

    @Override
    public JsonNode hint(
            String component, String field, Map<String, String> path, ObjectNode siblings, RandomGenerator random) {
        String qualified = (component == null ? "" : component + ".") + field;
        JsonNode specific = specific(qualified, path, siblings, random);
        return specific != null ? specific : general(field, path, siblings, random);
    }

    @Override
    public Boolean include(String component, String field, Map<String, String> path) {
        return switch ((component == null ? "" : component + ".") + field) {
            // A disk needs an image unless it is a CD-ROM; a NIC needs its network (docs/api.md, the VM spec).
            case "VmDisk.source", "VmNic.source" -> Boolean.TRUE;
            // timeout goes with shutdown only (the parameter's description says so).
            case "timeout" -> "shutdown".equals(path.get("action")) ? null : Boolean.FALSE;
            default -> null;
        };
    }

    private JsonNode specific(String field, Map<String, String> path, ObjectNode siblings, RandomGenerator random) {
        return switch (field) {
            // A pool stays in its datacenter (docs/api.md, Pools).
            case "PoolSpec.datacenterId" ->
                inventory.pools().stream()
                        .filter(p -> p.id().equals(path.getOrDefault("id", "")))
                        .map(p -> text(p.datacenterId()))
                        .findFirst()
                        .orElse(null);
            case "DiscoveryRequest.driverId" -> pick(inventory.driverIds("HARDWARE"), random);
            // A VM keeps its name on the hypervisor: a PUT /vms/{id} names it as it is.
            case "VmSpec.name" ->
                inventory
                        .vm(path.getOrDefault("id", ""))
                        .map(v -> text(v.name()))
                        .orElseGet(() -> text("fz-vm-" + next()));
            // A live migration goes to another host of the VM's driver.
            case "VmMigration.targetHostId" -> migrationTarget(path.getOrDefault("id", ""), random);
            case "VolumeSpec.name", "VolumeClone.name", "VolumeImport.name" -> text("fz-vol-" + next() + ".qcow2");
            case "VolumeSpec.pool", "VolumeImport.pool" -> path.containsKey("pool") ? text(path.get("pool")) : null;
            case "VolumeSpec.capacityMb" -> nodes.numberNode(1 + random.nextInt(16));
            case "VolumeSize.capacityMb" -> nodes.numberNode(32 + random.nextInt(32));
            case "VolumeSpec.format", "VolumeImport.format" -> text("qcow2");
            case "VmDisk.source" -> text("/var/lib/libvirt/images/fz-" + next() + ".qcow2");
            case "VmDisk.device" -> text("disk");
            case "VmDisk.format" -> text("qcow2");
            case "VmDisk.bus" -> text("virtio");
            case "VmDisk.target" -> text("vd" + (char) ('b' + random.nextInt(20)));
            case "VmNic.attachment" -> text("network");
            case "VmNic.source" -> text("default");
            case "VmNic.model" -> text("virtio");
            case "VmNic.mac" ->
                text(String.format(
                        "52:54:00:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            case "VmGraphics.type" -> text(random.nextBoolean() ? "vnc" : "spice");
            case "VmGraphics.listen" -> text("127.0.0.1");
            case "VmGraphics.port" -> nodes.numberNode(0);
            case "VmResources.cpuShares" -> nodes.numberNode(2 + random.nextInt(4096));
            case "VmResources.cpuLimitPercent" -> nodes.numberNode(1 + random.nextInt(100));
            // A reservation above the limit is refused (docs/api.md, resources).
            case "VmResources.cpuReservationPercent" ->
                nodes.numberNode(1
                        + random.nextInt(
                                Math.max(1, siblings.path("cpuLimitPercent").asInt(100))));
            case "VmResources.memoryLimitMb" -> nodes.numberNode(256 + random.nextInt(256));
            case "VmResources.memoryReservationMb" -> nodes.numberNode(16 + random.nextInt(64));
            case "PoolSpec.cpuLimit" -> nodes.numberNode(1 + random.nextInt(64));
            case "PoolSpec.memoryLimitMb" -> nodes.numberNode(1 + random.nextInt(65536));
            default -> null;
        };
    }

    private JsonNode general(String field, Map<String, String> path, ObjectNode siblings, RandomGenerator random) {
        return switch (field) {
            case "name" -> text("fz-" + next());
            case "description" -> text("fuzz pass " + serial);
            case "datacenterId", "datacenter" -> pick(inventory.datacenters(), random);
            case "poolId", "parentId" -> pool(field, path, siblings, random);
            case "hostId" -> pickHost(random, "HYPERVISOR");
            case "targetHostId" -> pickHost(random, "HYPERVISOR");
            case "host" -> pickHost(random, "");
            // A machine cannot name a BMC itself; a hypervisor host names a machine, or none.
            case "bmcHostId" ->
                inventory.hosts("HARDWARE").isEmpty()
                                || inventory
                                        .driverIds("HARDWARE")
                                        .contains(siblings.path("driverId").asString(""))
                        ? NullNode.getInstance()
                        : pickHost(random, "HARDWARE");
            // Path parameters nothing was found for: well-formed values (docs/api.md: disks and NICs).
            case "mac" ->
                text(String.format(
                        "52:54:00:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            case "target" -> text("vd" + (char) ('b' + random.nextInt(20)));
            case "driverId" -> driver(path, random);
            case "address" -> text(address(siblings.path("driverId").asString("")));
            case "addresses" -> text(NetworkGuard.SAFE_RANGES.get(random.nextInt(NetworkGuard.SAFE_RANGES.size())));
            case "ports" -> text("9");
            case "password" -> text(secret);
            case "username" -> text("fz-user");
            case "subject", "entityId" -> pick(inventory.allIds(), random);
            case "entityType" -> text(List.of("datacenter", "pool", "host").get(random.nextInt(3)));
            // from before to: the first half of the month after the generator's origin, then the second.
            case "from" ->
                text(ValueGenerator.EPOCH
                        .plusSeconds(random.nextInt(86_400 * 15))
                        .toString());
            case "to" ->
                text(ValueGenerator.EPOCH
                        .plusSeconds(86_400L * 15 + random.nextInt(86_400 * 15))
                        .toString());
            case "cpus" -> nodes.numberNode(1 + random.nextInt(2));
            case "memoryMb" -> nodes.numberNode(64 + random.nextInt(192));
            case "guestMode" -> text("hvm");
            case "pciDevices" -> nodes.arrayNode();
            case "sourcePath" -> text("/var/lib/strata/import/fz-" + next() + ".vmdk");
            case "sourceFormat" -> text("vmdk");
            case "imagePath" -> text("/tmp/fz-firmware-" + next() + ".bin");
            default -> null;
        };
    }

    private JsonNode pool(String field, Map<String, String> path, ObjectNode siblings, RandomGenerator random) {
        String datacenter = siblings.path("datacenterId").asString("");
        List<String> candidates = new ArrayList<>(
                datacenter.isEmpty()
                        ? inventory.pools().stream().map(Inventory.Pool::id).toList()
                        : inventory.poolsIn(datacenter));
        // A pool cannot be its own parent: the path names the pool being changed.
        candidates.remove(path.getOrDefault("id", ""));
        if (candidates.isEmpty() || ("parentId".equals(field) && random.nextBoolean())) {
            return NullNode.getInstance();
        }
        return text(candidates.get(random.nextInt(candidates.size())));
    }

    private JsonNode driver(Map<String, String> path, RandomGenerator random) {
        // A host being changed keeps its driver: the running-driver check and its address must still agree.
        String current = inventory.hosts().stream()
                .filter(h -> h.id().equals(path.getOrDefault("id", "")))
                .map(Inventory.Host::driverId)
                .findFirst()
                .orElse(null);
        if (current != null) {
            return text(current);
        }
        List<String> ids =
                inventory.drivers().stream().map(Inventory.Driver::id).toList();
        return ids.isEmpty() ? text("demo") : text(ids.get(random.nextInt(ids.size())));
    }

    private JsonNode migrationTarget(String vmId, RandomGenerator random) {
        String from = inventory.vm(vmId).map(Inventory.Vm::hostId).orElse("");
        String driver = inventory.host(from).map(Inventory.Host::driverId).orElse("");
        List<String> targets = inventory.hosts().stream()
                .filter(h -> h.driverId().equals(driver) && !h.id().equals(from))
                .map(Inventory.Host::id)
                .toList();
        return targets.isEmpty() ? null : pick(targets, random);
    }

    static String address(String driverId) {
        return switch (driverId) {
            case "ipmi" -> "127.0.0.1:9";
            case "esx", "esx-datastore" -> "esx://127.0.0.1:9/?no_verify=1";
            default -> "test:///default";
        };
    }

    private JsonNode pickHost(RandomGenerator random, String kind) {
        List<String> ids = (kind.isEmpty() ? inventory.hosts() : inventory.hosts(kind))
                .stream().map(Inventory.Host::id).toList();
        if (ids.isEmpty()) {
            ids = inventory.hosts().stream().map(Inventory.Host::id).toList();
        }
        return pick(ids, random);
    }

    private JsonNode pick(List<String> values, RandomGenerator random) {
        return values.isEmpty() ? null : text(values.get(random.nextInt(values.size())));
    }

    private JsonNode text(String value) {
        return nodes.stringNode(value);
    }

    private int next() {
        return ++serial;
    }
}

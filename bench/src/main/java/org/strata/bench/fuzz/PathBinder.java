package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Real values for the path parameters of a template, walked from left to right so that each agrees with the ones
 * before it: a host, then one of that host's storage pools, then a volume in it. Which hosts fit a path follows
 * from the driver kind its endpoints need (storage, hardware, hypervisor), so that a valid request is not refused
 * for asking a driver what it cannot do. A parameter nothing is known for gets a plausible value from its schema.
 */
final class PathBinder {

    private final Inventory inventory;

    PathBinder(Inventory inventory) {
        this.inventory = inventory;
    }

    /** A binding of every path parameter in the template; null values where the inventory knows none. */
    Map<String, String> bind(String template, Map<String, List<String>> enums, RandomGenerator random) {
        Map<String, String> bound = new LinkedHashMap<>();
        String[] segments = template.split("/");
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (!segment.startsWith("{")) {
                continue;
            }
            String name = segment.substring(1, segment.length() - 1);
            List<String> enumValues = enums.get(name);
            if (enumValues != null) {
                bound.put(name, enumValues.get(random.nextInt(enumValues.size())));
                continue;
            }
            List<String> candidates = candidates(segments[i - 1], template, bound);
            bound.put(name, candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size())));
        }
        return bound;
    }

    private List<String> candidates(String collection, String template, Map<String, String> bound) {
        String parent = bound.get("id");
        return switch (collection) {
            case "drivers" ->
                inventory.drivers().stream().map(Inventory.Driver::id).toList();
            case "datacenters" -> inventory.datacenters();
            case "pools" -> inventory.pools().stream().map(Inventory.Pool::id).toList();
            case "tasks" -> inventory.tasks();
            case "hosts" -> hostsFor(template);
            case "vms" -> vms(template, parent);
            case "storage-pools" -> inventory.storagePools().getOrDefault(parent, List.of());
            case "volumes" -> inventory.volumes().getOrDefault(parent + "/" + bound.get("pool"), List.of());
            case "sensors" -> inventory.sensors().getOrDefault(parent, List.of());
            case "disks" -> vm(parent).map(Inventory.Vm::diskTargets).orElse(List.of());
            case "nics" -> vm(parent).map(Inventory.Vm::macs).orElse(List.of());
            default -> List.of();
        };
    }

    private List<String> vms(String template, String host) {
        // /hosts/{id}/vms/{vmId}: a VM of that host; /vms/{id}: any VM.
        List<Inventory.Vm> vms =
                template.startsWith("/hosts/") && host != null ? inventory.vmsOn(host) : inventory.vms();
        return vms.stream().map(Inventory.Vm::id).toList();
    }

    private java.util.Optional<Inventory.Vm> vm(String id) {
        return inventory.vm(id);
    }

    private List<String> hostsFor(String template) {
        String kind = kindFor(template);
        List<String> fitting = new ArrayList<>();
        for (Inventory.Host h : inventory.hosts()) {
            if (kind.isEmpty() || h.kind().equals(kind)) {
                fitting.add(h.id());
            }
        }
        return fitting.isEmpty()
                ? inventory.hosts().stream().map(Inventory.Host::id).toList()
                : fitting;
    }

    /** The driver kind a host path needs, or "" for any host. */
    static String kindFor(String template) {
        if (template.contains("/storage-pools")) {
            return "STORAGE";
        }
        for (String hardware : List.of("/power", "/boot-device", "/sensors", "/hardware", "/sel", "/firmware")) {
            if (template.startsWith("/hosts/{id}" + hardware)) {
                return "HARDWARE";
            }
        }
        for (String hypervisor : List.of("/vms", "/refresh", "/stats")) {
            if (template.startsWith("/hosts/{id}" + hypervisor)) {
                return "HYPERVISOR";
            }
        }
        return "";
    }
}

package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Finds what the running Strata holds by listing it through the documented operations (so these requests are
 * checked like any other): drivers, datacenters, pools, hosts, VMs, recent tasks, and below the hosts their storage
 * pools, volumes and sensors.
 */
final class InventoryScanner {

    /** Sends a request and checks its answer, as the fuzzer does for every request. */
    interface Sender {
        Exchange send(FuzzRequest request) throws InterruptedException;
    }

    private final ApiDocument document;
    private final Sender sender;
    private final ObjectMapper json;

    InventoryScanner(ApiDocument document, Sender sender, ObjectMapper json) {
        this.document = document;
        this.sender = sender;
        this.json = json;
    }

    Inventory scan() throws InterruptedException {
        List<Inventory.Driver> drivers = new ArrayList<>();
        for (JsonNode d : list("/drivers", "/drivers", false)) {
            drivers.add(
                    new Inventory.Driver(d.path("id").asString(), d.path("kind").asString("")));
        }
        Map<String, String> kinds = new TreeMap<>();
        drivers.forEach(d -> kinds.put(d.id(), d.kind()));
        List<String> datacenters = new ArrayList<>();
        list("/datacenters", "/datacenters", true)
                .forEach(d -> datacenters.add(d.path("id").asString()));
        List<Inventory.Pool> pools = new ArrayList<>();
        list("/pools", "/pools", true)
                .forEach(p -> pools.add(new Inventory.Pool(
                        p.path("id").asString(), p.path("datacenterId").asString())));
        List<Inventory.Host> hosts = new ArrayList<>();
        for (JsonNode h : list("/hosts", "/hosts", true)) {
            String driver = h.path("driverId").asString("");
            hosts.add(new Inventory.Host(
                    h.path("id").asString(),
                    h.path("datacenterId").asString(),
                    driver,
                    kinds.getOrDefault(driver, "")));
        }
        List<Inventory.Vm> vms = new ArrayList<>();
        for (JsonNode v : list("/vms", "/vms", true)) {
            List<String> targets = new ArrayList<>();
            v.path("spec").path("disks").forEach(d -> {
                if (d.path("target").isString()) {
                    targets.add(d.path("target").asString());
                }
            });
            List<String> macs = new ArrayList<>();
            v.path("spec").path("nics").forEach(n -> {
                if (n.path("mac").isString()) {
                    macs.add(n.path("mac").asString());
                }
            });
            vms.add(new Inventory.Vm(
                    v.path("id").asString(),
                    v.path("hostId").asString(),
                    v.path("name").asString(""),
                    v.path("state").asString(""),
                    targets,
                    macs));
        }
        List<String> tasks = new ArrayList<>();
        list("/tasks", "/tasks", true, 500).forEach(t -> tasks.add(t.path("id").asString()));
        Map<String, List<String>> storagePools = new TreeMap<>();
        Map<String, List<String>> volumes = new TreeMap<>();
        Map<String, List<String>> sensors = new TreeMap<>();
        for (Inventory.Host h : hosts) {
            if ("STORAGE".equals(h.kind())) {
                List<String> names = new ArrayList<>();
                list("/hosts/{id}/storage-pools", "/hosts/" + WireValues.segment(h.id()) + "/storage-pools", false)
                        .forEach(n -> names.add(n.asString()));
                storagePools.put(h.id(), names);
                for (String pool : names) {
                    List<String> vols = new ArrayList<>();
                    list(
                                    "/hosts/{id}/storage-pools/{pool}/volumes",
                                    "/hosts/" + WireValues.segment(h.id()) + "/storage-pools/"
                                            + WireValues.segment(pool) + "/volumes",
                                    false)
                            .forEach(v -> vols.add(v.path("name").asString()));
                    volumes.put(h.id() + "/" + pool, vols);
                }
            } else if ("HARDWARE".equals(h.kind())) {
                List<String> names = new ArrayList<>();
                list("/hosts/{id}/sensors", "/hosts/" + WireValues.segment(h.id()) + "/sensors", false)
                        .forEach(s -> names.add(s.path("name").asString()));
                sensors.put(h.id(), names);
            }
        }
        hosts.sort(java.util.Comparator.comparing(Inventory.Host::id));
        vms.sort(java.util.Comparator.comparing(Inventory.Vm::id));
        java.util.Collections.sort(datacenters);
        java.util.Collections.sort(tasks);
        pools.sort(java.util.Comparator.comparing(Inventory.Pool::id));
        return new Inventory(drivers, datacenters, pools, hosts, vms, tasks, storagePools, volumes, sensors);
    }

    /**
     * The items of a list: a plain array, or every page of a paged one (500 at a time, the most the API gives).
     * A list that fails gives nothing; its answer has been checked and reported already.
     */
    List<JsonNode> list(String template, String path, boolean paged) throws InterruptedException {
        return list(template, path, paged, 20_000);
    }

    /** As {@link #list(String, String, boolean)}, with at most about {@code most} items. */
    List<JsonNode> list(String template, String path, boolean paged, int most) throws InterruptedException {
        ApiOperation op = document.operation("GET", template).orElse(null);
        List<JsonNode> items = new ArrayList<>();
        if (op == null) {
            return items;
        }
        int offset = 0;
        while (true) {
            List<Map.Entry<String, String>> query = paged
                    ? List.of(Map.entry("offset", Integer.toString(offset)), Map.entry("limit", "500"))
                    : List.of();
            Exchange x = sender.send(new FuzzRequest(
                    op, "GET", path, query, Map.of(), null, Intent.VALID, "inventory scan", false, null));
            if (x.status() != 200) {
                return items;
            }
            JsonNode body;
            try {
                body = json.readTree(x.body());
            } catch (JacksonException e) {
                return items;
            }
            JsonNode page = paged ? body.path("items") : body;
            page.forEach(items::add);
            offset += page.size();
            if (!paged || page.isEmpty() || offset >= body.path("total").asLong(0) || offset >= most) {
                return items;
            }
        }
    }
}

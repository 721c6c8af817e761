package org.strata.bench.fuzz;

import java.util.List;
import java.util.Map;

/**
 * The objects a running Strata holds, as the fuzzer found them by listing: the real ids that make path
 * parameters and id fields valid. Everything is sorted by id, so that one seed makes the same choices.
 */
record Inventory(
        List<Driver> drivers,
        List<String> datacenters,
        List<Pool> pools,
        List<Host> hosts,
        List<Vm> vms,
        List<String> tasks,
        Map<String, List<String>> storagePools,
        Map<String, List<String>> volumes,
        Map<String, List<String>> sensors) {

    static final Inventory EMPTY = new Inventory(
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of());

    Inventory {
        drivers = List.copyOf(drivers);
        datacenters = List.copyOf(datacenters);
        pools = List.copyOf(pools);
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        tasks = List.copyOf(tasks);
        storagePools = Map.copyOf(storagePools);
        volumes = Map.copyOf(volumes);
        sensors = Map.copyOf(sensors);
    }

    /** A driver and its kind: HYPERVISOR, STORAGE, HARDWARE or OS_FAMILY. */
    record Driver(String id, String kind) {}

    record Pool(String id, String datacenterId) {}

    /** A host, with the kind of its driver (empty when the driver is not running). */
    record Host(String id, String datacenterId, String driverId, String kind) {}

    /** A VM, with the devices its spec names: what disk and NIC paths take. */
    record Vm(String id, String hostId, String name, String state, List<String> diskTargets, List<String> macs) {
        Vm {
            diskTargets = List.copyOf(diskTargets);
            macs = List.copyOf(macs);
        }
    }

    List<Host> hosts(String kind) {
        return hosts.stream().filter(h -> h.kind().equals(kind)).toList();
    }

    List<Vm> vmsOn(String hostId) {
        return vms.stream().filter(v -> v.hostId().equals(hostId)).toList();
    }

    List<String> poolsIn(String datacenterId) {
        return pools.stream()
                .filter(p -> p.datacenterId().equals(datacenterId))
                .map(Pool::id)
                .toList();
    }

    java.util.Optional<Vm> vm(String id) {
        return vms.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    java.util.Optional<Host> host(String id) {
        return hosts.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    List<String> driverIds(String kind) {
        return drivers.stream()
                .filter(d -> d.kind().equals(kind))
                .map(Driver::id)
                .toList();
    }

    /** Every id the fuzzer knows, for fields that name any object (an event's subject, a history entry's id). */
    List<String> allIds() {
        List<String> all = new java.util.ArrayList<>(datacenters);
        pools.forEach(p -> all.add(p.id()));
        hosts.forEach(h -> all.add(h.id()));
        vms.forEach(v -> all.add(v.id()));
        drivers.forEach(d -> all.add(d.id()));
        all.addAll(tasks);
        return List.copyOf(all);
    }
}

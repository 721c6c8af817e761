package org.strata.datacenter.balance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds snapshots for tests: a host's measured use is the sum of its VMs' (plus any base load given). */
final class ClusterBuilder {

    private record HostSpec(
            String id,
            double cpus,
            long memMib,
            double baseCpu,
            long baseMem,
            boolean accepts,
            boolean on,
            boolean canOn) {}

    private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
    private final List<VmSnapshot> vms = new ArrayList<>();

    ClusterBuilder host(String id, double cpus, long memMib) {
        hosts.put(id, new HostSpec(id, cpus, memMib, 0, 0, true, true, false));
        return this;
    }

    /** A powered-on host that accepts no VMs (maintenance, unreachable). */
    ClusterBuilder closedHost(String id, double cpus, long memMib) {
        hosts.put(id, new HostSpec(id, cpus, memMib, 0, 0, false, true, false));
        return this;
    }

    ClusterBuilder standby(String id, double cpus, long memMib) {
        hosts.put(id, new HostSpec(id, cpus, memMib, 0, 0, false, false, true));
        return this;
    }

    /** Powered off and not to be powered on by power management. */
    ClusterBuilder off(String id, double cpus, long memMib) {
        hosts.put(id, new HostSpec(id, cpus, memMib, 0, 0, false, false, false));
        return this;
    }

    ClusterBuilder vm(String id, String host, double cpuUsed, long memUsedMib) {
        vms.add(new VmSnapshot(id, host, (int) Math.ceil(cpuUsed), memUsedMib, cpuUsed, memUsedMib, Optional.empty()));
        return this;
    }

    /** {@code count} equal VMs named {@code prefix-0 ..}. */
    ClusterBuilder vms(String prefix, int count, String host, double cpuUsed, long memUsedMib) {
        for (int i = 0; i < count; i++) {
            vm(prefix + "-" + i, host, cpuUsed, memUsedMib);
        }
        return this;
    }

    ClusterBuilder pinned(String id, String host, double cpuUsed, long memUsedMib, Pin pin) {
        vms.add(new VmSnapshot(id, host, (int) Math.ceil(cpuUsed), memUsedMib, cpuUsed, memUsedMib, Optional.of(pin)));
        return this;
    }

    ClusterSnapshot build() {
        List<HostSnapshot> out = new ArrayList<>();
        for (HostSpec h : hosts.values()) {
            double cpu = h.baseCpu();
            long mem = h.baseMem();
            for (VmSnapshot vm : vms) {
                if (vm.hostId().equals(h.id())) {
                    cpu += vm.cpuUsed();
                    mem += vm.memoryUsedMib();
                }
            }
            out.add(new HostSnapshot(h.id(), h.cpus(), h.memMib(), cpu, mem, h.accepts(), h.on(), h.canOn()));
        }
        return new ClusterSnapshot("c1", out, vms);
    }
}

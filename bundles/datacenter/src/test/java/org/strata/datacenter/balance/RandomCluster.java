package org.strata.datacenter.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A seeded synthetic cluster with the skew of a real one: hosts of three sizes, VMs of many sizes using a fraction of
 * what they were given, one host in a hundred hot, one VM in thirty pinned. The bench module has its own copy.
 */
final class RandomCluster {

    private RandomCluster() {}

    static ClusterSnapshot generate(int hosts, int vmsPerHost, long seed) {
        Random random = new Random(seed);
        List<HostSnapshot> hostList = new ArrayList<>(hosts);
        List<VmSnapshot> vms = new ArrayList<>(hosts * vmsPerHost);
        Pin.Kind[] kinds = Pin.Kind.values();
        int vmNumber = 0;
        for (int h = 0; h < hosts; h++) {
            String hostId = String.format("host-%05d", h);
            double cpus = 32 + 16 * random.nextInt(3);
            long mem = 262_144L + 131_072L * random.nextInt(3);
            boolean hot = random.nextInt(100) == 0;
            int count = vmsPerHost / 2 + random.nextInt(vmsPerHost + 1);
            double cpuUsed = 0;
            long memUsed = 0;
            for (int i = 0; i < count; i++) {
                int vcpus = 1 << random.nextInt(4);
                long vmMem = 1024L << random.nextInt(5);
                double busy = hot ? 0.5 + 0.5 * random.nextDouble() : 0.05 + 0.35 * random.nextDouble();
                double use = vcpus * busy;
                long memUse = (long) (vmMem * (0.4 + 0.5 * random.nextDouble()));
                Optional<Pin> pin = random.nextInt(30) == 0
                        ? Optional.of(new Pin(kinds[random.nextInt(kinds.length)], "#" + vmNumber))
                        : Optional.empty();
                vms.add(new VmSnapshot(String.format("vm-%07d", vmNumber++), hostId, vcpus, vmMem, use, memUse, pin));
                cpuUsed += use;
                memUsed += memUse;
            }
            // the host's own figure: what its VMs use plus a little of its own, never more than it has
            hostList.add(HostSnapshot.active(
                    hostId, cpus, mem, Math.min(cpus, cpuUsed + 0.5), Math.min(mem, memUsed + 2048)));
        }
        return new ClusterSnapshot("random-" + seed, hostList, vms);
    }
}

package org.strata.datacenter.balance;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The working copy of a snapshot a planner changes as it plans: hosts in id order (so that an index comparison is an
 * id comparison, the planners' tie-break), VMs grouped by host, and per host the measured use and the allocations
 * after the moves planned so far, in flat arrays. One per planning call; not thread-safe.
 */
final class ClusterModel implements PlannedState {

    final String clusterId;
    final HostSnapshot[] hosts;
    final List<VmSnapshot> vms;
    private final Map<String, Integer> hostIndex;
    /** Per VM (snapshot order): the host index it will run on. */
    final int[] vmHost;
    /** VMs of host h (snapshot indexes) are vmsByHost[hostStart[h] .. hostStart[h + 1]). */
    final int[] hostStart;

    final int[] vmsByHost;
    /** Per host: pinned VMs. */
    final int[] pinnedCount;
    /** Per host, after the planned moves. */
    final double[] cpuUsed;

    final double[] memUsed;
    final long[] vcpus;
    final long[] memAlloc;
    private int moves;
    private Map<String, Integer> vmIndex;

    ClusterModel(ClusterSnapshot snapshot) {
        clusterId = snapshot.clusterId();
        hosts = snapshot.hosts().toArray(new HostSnapshot[0]);
        Arrays.sort(hosts, Comparator.comparing(HostSnapshot::id));
        int h = hosts.length;
        hostIndex = new HashMap<>(h * 2);
        cpuUsed = new double[h];
        memUsed = new double[h];
        vcpus = new long[h];
        memAlloc = new long[h];
        pinnedCount = new int[h];
        for (int i = 0; i < h; i++) {
            if (i > 0 && hosts[i].id().equals(hosts[i - 1].id())) {
                throw new IllegalArgumentException(
                        "cluster " + clusterId + ": host " + hosts[i].id() + " is listed twice");
            }
            hostIndex.put(hosts[i].id(), i);
            cpuUsed[i] = hosts[i].cpuUsed();
            memUsed[i] = hosts[i].memoryUsedMib();
        }
        vms = snapshot.vms();
        int v = vms.size();
        vmHost = new int[v];
        hostStart = new int[h + 1];
        String lastHostId = null;
        int lastHost = -1;
        for (int i = 0; i < v; i++) {
            VmSnapshot vm = vms.get(i);
            int hi;
            // snapshots list a host's VMs together (the inventory reads them per host): the previous VM's host is
            // the likely one, and a string comparison is cheaper than a hash lookup among many hosts
            if (vm.hostId().equals(lastHostId)) {
                hi = lastHost;
            } else {
                Integer host = hostIndex.get(vm.hostId());
                if (host == null) {
                    throw new IllegalArgumentException("cluster " + clusterId + ": VM " + vm.id() + " runs on host "
                            + vm.hostId() + ", which the snapshot does not list");
                }
                hi = host;
                lastHostId = vm.hostId();
                lastHost = hi;
            }
            vmHost[i] = hi;
            hostStart[hi + 1]++;
            vcpus[hi] += vm.vcpus();
            memAlloc[hi] += vm.memoryMib();
            if (!vm.canMove()) {
                pinnedCount[hi]++;
            }
        }
        for (int i = 0; i < h; i++) {
            hostStart[i + 1] += hostStart[i];
        }
        vmsByHost = new int[v];
        int[] fill = Arrays.copyOf(hostStart, h);
        for (int i = 0; i < v; i++) {
            vmsByHost[fill[vmHost[i]]++] = i;
        }
    }

    int hostCount() {
        return hosts.length;
    }

    double cpuLoad(int h) {
        return cpuUsed[h] / hosts[h].cpuCapacity();
    }

    double memLoad(int h) {
        return memUsed[h] / hosts[h].memoryMib();
    }

    /** The larger of the two loads: the resource that binds first. */
    double peakLoad(int h) {
        return Math.max(cpuLoad(h), memLoad(h));
    }

    /** Moves VM {@code v} to host {@code to} in the working copy: its measured use and its allocation go with it. */
    void move(int v, int to) {
        VmSnapshot vm = vms.get(v);
        int from = vmHost[v];
        cpuUsed[from] = Math.max(0, cpuUsed[from] - vm.cpuUsed());
        memUsed[from] = Math.max(0, memUsed[from] - vm.memoryUsedMib());
        vcpus[from] -= vm.vcpus();
        memAlloc[from] -= vm.memoryMib();
        cpuUsed[to] += vm.cpuUsed();
        memUsed[to] += vm.memoryUsedMib();
        vcpus[to] += vm.vcpus();
        memAlloc[to] += vm.memoryMib();
        vmHost[v] = to;
        moves++;
    }

    /**
     * Undoes {@link #move}: the VM goes back to {@code from} with the figures it had there, including a use clamped
     * at zero by the move.
     */
    void undo(int v, int from, double fromCpu, double fromMem) {
        VmSnapshot vm = vms.get(v);
        int to = vmHost[v];
        cpuUsed[to] -= vm.cpuUsed();
        memUsed[to] -= vm.memoryUsedMib();
        vcpus[to] -= vm.vcpus();
        memAlloc[to] -= vm.memoryMib();
        cpuUsed[from] = fromCpu;
        memUsed[from] = fromMem;
        vcpus[from] += vm.vcpus();
        memAlloc[from] += vm.memoryMib();
        vmHost[v] = from;
        moves--;
    }

    boolean allows(MoveCheck check, int v, int target) {
        return check.allows(vms.get(v), hosts[target], this);
    }

    private int host(String hostId) {
        Integer i = hostIndex.get(hostId);
        if (i == null) {
            throw new IllegalArgumentException("cluster " + clusterId + " has no host " + hostId);
        }
        return i;
    }

    @Override
    public String hostOf(String vmId) {
        if (vmIndex == null) {
            // built only for a check that asks: most placement filters look at the target alone
            vmIndex = new HashMap<>(vms.size() * 2);
            for (int i = 0; i < vms.size(); i++) {
                vmIndex.put(vms.get(i).id(), i);
            }
        }
        Integer i = vmIndex.get(vmId);
        if (i == null) {
            throw new IllegalArgumentException("cluster " + clusterId + " has no running VM " + vmId);
        }
        return hosts[vmHost[i]].id();
    }

    @Override
    public double cpuUsed(String hostId) {
        return cpuUsed[host(hostId)];
    }

    @Override
    public double memoryUsedMib(String hostId) {
        return memUsed[host(hostId)];
    }

    @Override
    public long allocatedVcpus(String hostId) {
        return vcpus[host(hostId)];
    }

    @Override
    public long allocatedMemoryMib(String hostId) {
        return memAlloc[host(hostId)];
    }

    @Override
    public int plannedMoves() {
        return moves;
    }
}

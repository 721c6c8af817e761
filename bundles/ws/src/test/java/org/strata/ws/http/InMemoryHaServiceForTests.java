package org.strata.ws.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.Failover;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;
import org.strata.api.vm.VmService;

/**
 * A test double of the datacenter layer's HA service, for the in-process HTTP tests only: settings are stored and
 * merged as the contract says, with its 400, 404 and 409 in a simple form (a HOST_FAILURES policy conflicts when the
 * cluster does not have more members than the failures it promises to survive); host states and failovers are what
 * the test seeds. The real implementation lives in the bundle org.strata.datacenter; this must not grow into a second.
 */
final class InMemoryHaServiceForTests implements HaService {
    private final VmService vms;
    private final ClusterService clusters;
    private final Map<String, VmHa> vmHa = new LinkedHashMap<>();
    private final Map<String, ClusterHa> clusterHa = new LinkedHashMap<>();
    private final Map<String, HostHa> hosts = new LinkedHashMap<>();
    private final Map<String, Failover> failovers = new LinkedHashMap<>();

    InMemoryHaServiceForTests(VmService vms, ClusterService clusters) {
        this.vms = vms;
        this.clusters = clusters;
    }

    /** What detection would have recorded. */
    synchronized void seed(HostHa host) {
        hosts.put(host.hostId(), host);
    }

    synchronized void seed(Failover failover) {
        failovers.put(failover.id(), failover);
    }

    synchronized void forget() {
        vmHa.clear();
        clusterHa.clear();
        hosts.clear();
        failovers.clear();
    }

    @Override
    public synchronized VmHa vmHa(String vmId) {
        vms.vm(vmId);
        return vmHa.getOrDefault(vmId, VmHa.disabled(vmId));
    }

    @Override
    public synchronized VmHa setVmHa(String vmId, VmHaSpec spec, String principal) {
        VmHa before = vmHa(vmId);
        List<String> after = spec.after() == null ? before.after() : spec.after();
        for (String other : after) {
            if (other.equals(vmId)) {
                throw StrataException.invalid("a VM cannot wait for itself");
            }
            try {
                vms.vm(other);
            } catch (StrataException e) {
                throw StrataException.invalid("after: VM '" + other + "' does not exist");
            }
        }
        VmHa next = new VmHa(
                vmId,
                spec.enabled() == null ? before.enabled() : spec.enabled(),
                spec.priority() == null ? before.priority() : spec.priority(),
                after);
        vmHa.put(vmId, next);
        return next;
    }

    @Override
    public synchronized ClusterHa clusterHa(String clusterId) {
        clusters.cluster(clusterId);
        return clusterHa.getOrDefault(clusterId, ClusterHa.disabled(clusterId));
    }

    @Override
    public synchronized ClusterHa setClusterHa(String clusterId, ClusterHaSpec spec, String principal) {
        ClusterHa before = clusterHa(clusterId);
        String lease = spec.leaseDirectory() == null
                ? before.leaseDirectory()
                : spec.leaseDirectory().isEmpty() ? null : spec.leaseDirectory();
        ClusterHa next = new ClusterHa(
                clusterId,
                spec.enabled() == null ? before.enabled() : spec.enabled(),
                spec.admission() == null ? before.admission() : spec.admission(),
                spec.hostFailures() == null ? before.hostFailures() : spec.hostFailures(),
                spec.cpuPercent() == null ? before.cpuPercent() : spec.cpuPercent(),
                spec.memoryPercent() == null ? before.memoryPercent() : spec.memoryPercent(),
                spec.failoverHosts() == null ? before.failoverHosts() : spec.failoverHosts(),
                lease);
        if (next.hostFailures() < 1) {
            throw StrataException.invalid("hostFailures must be at least 1, was " + next.hostFailures());
        }
        for (int percent : new int[] {next.cpuPercent(), next.memoryPercent()}) {
            if (percent < 0 || percent > 100) {
                throw StrataException.invalid("a percentage must be between 0 and 100, was " + percent);
            }
        }
        if (lease != null && !lease.startsWith("/")) {
            throw StrataException.invalid("leaseDirectory must be an absolute path, was '" + lease + "'");
        }
        List<String> members = clusters.hosts(clusterId).stream()
                .map(org.strata.api.datacenter.ClusterHost::hostId)
                .toList();
        for (String host : next.failoverHosts()) {
            if (!members.contains(host)) {
                throw StrataException.invalid("failover host '" + host + "' is not the cluster's");
            }
        }
        if (next.enabled() && next.admission() == Admission.HOST_FAILURES && members.size() <= next.hostFailures()) {
            throw StrataException.conflict("admission control HOST_FAILURES: the cluster has " + members.size()
                    + " hosts and cannot survive " + next.hostFailures() + " failures");
        }
        clusterHa.put(clusterId, next);
        return next;
    }

    @Override
    public synchronized List<HostHa> hosts(String clusterId) {
        return hosts.values().stream()
                .filter(h -> clusterId == null || h.clusterId().equals(clusterId))
                .toList();
    }

    @Override
    public synchronized HostHa host(String hostId) {
        HostHa h = hosts.get(hostId);
        if (h == null) {
            throw StrataException.notFound("host in a cluster with HA", hostId);
        }
        return h;
    }

    @Override
    public synchronized Page<Failover> failovers(String hostId, PageRequest page) {
        List<Failover> all = new ArrayList<>(failovers.values().stream()
                .filter(f -> hostId == null || f.hostId().equals(hostId))
                .toList());
        all.sort(Comparator.comparing(Failover::started).reversed());
        return new Page<>(
                all.stream().skip(page.offset()).limit(page.limit()).toList(), page.offset(), page.limit(), all.size());
    }

    @Override
    public synchronized Failover failover(String id) {
        Failover f = failovers.get(id);
        if (f == null) {
            throw StrataException.notFound("failover", id);
        }
        return f;
    }
}

package org.strata.ws.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.osgi.service.blueprint.container.ServiceUnavailableException;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Allocation;
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.datacenter.PlacementExplanation;
import org.strata.api.datacenter.PlacementQuery;
import org.strata.api.datacenter.PlacementService;
import org.strata.api.datacenter.PolicySegment;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantService;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.datacenter.TenantUsage;
import org.strata.api.task.Task;

/**
 * Test doubles of the datacenter layer's four services, for the in-process HTTP tests only: just enough behaviour to
 * drive the web layer (clusters, members and tenants are stored; the rules that give 400, 404 and 409 are kept in a
 * simple form). The real implementations live in the bundle org.strata.datacenter and are tested there and end to
 * end; these must not grow into a second implementation.
 */
final class InMemoryDatacenterServicesForTests {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private InMemoryDatacenterServicesForTests() {}

    /**
     * What Blueprint puts in front of an optional service (ws.xml): while {@code running} says no, every call fails
     * with ServiceUnavailableException, as Blueprint's proxy does once its timeout has passed.
     */
    @SuppressWarnings("unchecked")
    static <T> T blueprintProxy(Class<T> type, T service, BooleanSupplier running) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(service, args);
            }
            if (!running.getAsBoolean()) {
                throw new ServiceUnavailableException(
                        "No matching service for optional OSGi service reference",
                        "(objectClass=" + type.getName() + ")");
            }
            try {
                return method.invoke(service, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /**
     * Clusters in a map. Datacenter "dc-1" exists; hosts h-1 and h-2 exist (h-3 exists but is no hypervisor). A
     * cluster needs a datacenter and a name, unique in its datacenter; one with hosts cannot be deleted.
     */
    static final class InMemoryClusterServiceForTests implements ClusterService {
        private final Map<String, Cluster> clusters = new LinkedHashMap<>();
        private final Map<String, ClusterHost> members = new LinkedHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final InMemoryServicesForTests.InMemoryTaskServiceForTests tasks;

        InMemoryClusterServiceForTests(InMemoryServicesForTests.InMemoryTaskServiceForTests tasks) {
            this.tasks = tasks;
        }

        @Override
        public synchronized Page<Cluster> clusters(String datacenterId, PageRequest page) {
            List<Cluster> all = clusters.values().stream()
                    .filter(c -> datacenterId == null || c.datacenterId().equals(datacenterId))
                    .toList();
            return new Page<>(
                    all.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    all.size());
        }

        @Override
        public synchronized Cluster cluster(String id) {
            Cluster c = clusters.get(id);
            if (c == null) {
                throw StrataException.notFound("cluster", id);
            }
            return c;
        }

        @Override
        public synchronized Cluster createCluster(ClusterSpec spec, String principal) {
            if (spec.datacenterId() == null || spec.datacenterId().isBlank()) {
                throw StrataException.invalid("datacenterId is required");
            }
            if (!spec.datacenterId().equals("dc-1")) {
                throw StrataException.notFound("datacenter", spec.datacenterId());
            }
            Cluster draft = new Cluster(
                    "c-" + ids.incrementAndGet(),
                    spec.datacenterId(),
                    null,
                    null,
                    "balanced",
                    "manual",
                    3,
                    4,
                    1,
                    4.0,
                    1.0,
                    T0);
            return store(merged(draft, spec));
        }

        @Override
        public synchronized Cluster updateCluster(String id, ClusterSpec spec, String principal) {
            Cluster before = cluster(id);
            if (spec.datacenterId() != null && !spec.datacenterId().equals(before.datacenterId())) {
                throw StrataException.invalid("a cluster cannot move to another datacenter");
            }
            return store(merged(before, spec));
        }

        private Cluster store(Cluster c) {
            if (clusters.values().stream()
                    .anyMatch(o -> !o.id().equals(c.id())
                            && o.datacenterId().equals(c.datacenterId())
                            && o.name().equals(c.name()))) {
                throw StrataException.conflict("a cluster named '" + c.name() + "' exists");
            }
            clusters.put(c.id(), c);
            return c;
        }

        private static Cluster merged(Cluster base, ClusterSpec spec) {
            String name = spec.name() != null ? spec.name().strip() : base.name();
            if (name == null || name.isEmpty()) {
                throw StrataException.invalid("name is required");
            }
            String policy = spec.policy() != null ? spec.policy() : base.policy();
            if (!List.of("balanced", "performance", "power-saving").contains(policy)) {
                throw StrataException.invalid("policy must be one of balanced, performance, power-saving");
            }
            int level = spec.balancingLevel() != null ? spec.balancingLevel() : base.balancingLevel();
            if (level < 1 || level > 5) {
                throw StrataException.invalid("balancingLevel must be 1 (conservative) to 5 (aggressive)");
            }
            return new Cluster(
                    base.id(),
                    base.datacenterId(),
                    name,
                    spec.description() != null ? spec.description() : base.description(),
                    policy,
                    spec.automation() != null ? spec.automation() : base.automation(),
                    level,
                    spec.maxMigrations() != null ? spec.maxMigrations() : base.maxMigrations(),
                    spec.minPoweredOnHosts() != null ? spec.minPoweredOnHosts() : base.minPoweredOnHosts(),
                    spec.cpuOvercommit() != null ? spec.cpuOvercommit() : base.cpuOvercommit(),
                    spec.memoryOvercommit() != null ? spec.memoryOvercommit() : base.memoryOvercommit(),
                    base.created());
        }

        @Override
        public synchronized void deleteCluster(String id, String principal) {
            cluster(id);
            if (members.values().stream().anyMatch(m -> m.clusterId().equals(id))) {
                throw StrataException.conflict("cluster '" + id + "' still has hosts or pools");
            }
            clusters.remove(id);
        }

        @Override
        public synchronized List<ClusterHost> hosts(String clusterId) {
            cluster(clusterId);
            return members.values().stream()
                    .filter(m -> m.clusterId().equals(clusterId))
                    .sorted(Comparator.comparing(ClusterHost::hostId))
                    .toList();
        }

        @Override
        public synchronized ClusterHost membership(String hostId) {
            ClusterHost m = members.get(hostId);
            if (m == null) {
                throw StrataException.notFound("host in a cluster", hostId);
            }
            return m;
        }

        @Override
        public synchronized ClusterHost addHost(
                String clusterId, String hostId, Map<String, String> labels, String principal) {
            cluster(clusterId);
            if (!List.of("h-1", "h-2", "h-3").contains(hostId)) {
                throw StrataException.invalid("host '" + hostId + "' does not exist");
            }
            if (hostId.equals("h-3")) {
                throw StrataException.invalid("host 'h-3' is not a hypervisor host");
            }
            if (members.containsKey(hostId)) {
                throw StrataException.conflict("host '" + hostId + "' is already in a cluster ("
                        + members.get(hostId).clusterId() + ")");
            }
            ClusterHost m = new ClusterHost(hostId, "kvm" + hostId.substring(2), clusterId, "none", valid(labels));
            members.put(hostId, m);
            return m;
        }

        @Override
        public synchronized ClusterHost setLabels(
                String clusterId, String hostId, Map<String, String> labels, String principal) {
            ClusterHost m = member(clusterId, hostId);
            ClusterHost after = new ClusterHost(hostId, m.hostName(), clusterId, m.maintenance(), valid(labels));
            members.put(hostId, after);
            return after;
        }

        @Override
        public synchronized void removeHost(String clusterId, String hostId, String principal) {
            ClusterHost m = member(clusterId, hostId);
            if (!m.maintenance().equals("none")) {
                throw StrataException.conflict("host '" + hostId + "' is in maintenance; VMs of the cluster run on it");
            }
            members.remove(hostId);
        }

        @Override
        public synchronized Task enterMaintenance(String hostId, String principal) {
            ClusterHost m = membership(hostId);
            members.put(hostId, new ClusterHost(hostId, m.hostName(), m.clusterId(), "entering", m.labels()));
            return tasks.start("host.maintenance", "maintenance", hostId, principal);
        }

        private final Map<String, ClusterSchedule> schedules = new HashMap<>();

        @Override
        public synchronized ClusterSchedule schedule(String clusterId) {
            cluster(clusterId);
            ClusterSchedule s = schedules.get(clusterId);
            if (s == null) {
                throw StrataException.notFound("calendar of cluster", clusterId);
            }
            return s;
        }

        @Override
        public synchronized ClusterSchedule setSchedule(String clusterId, ClusterSchedule schedule, String principal) {
            cluster(clusterId);
            if (schedule == null) {
                schedules.remove(clusterId);
            } else {
                schedules.put(clusterId, schedule);
            }
            return schedule;
        }

        @Override
        public synchronized List<PolicySegment> timeline(String clusterId, int days) {
            Cluster c = cluster(clusterId);
            Instant now = Instant.parse("2026-12-07T08:00:00Z");
            return List.of(new PolicySegment(c.policy(), null, null, now, now.plusSeconds(days * 86_400L)));
        }

        @Override
        public synchronized PolicySegment activePolicy(String clusterId) {
            Cluster c = cluster(clusterId);
            return new PolicySegment(c.policy(), null, null, c.created(), null);
        }

        @Override
        public synchronized BalancingReport recommendations(String clusterId) {
            Cluster c = cluster(clusterId);
            return new BalancingReport(
                    clusterId,
                    c.policy(),
                    c.balancingLevel(),
                    "balanced",
                    0,
                    0,
                    0.12,
                    List.of(),
                    List.of(),
                    "balanced",
                    Instant.parse("2026-12-07T08:00:00Z"));
        }

        @Override
        public synchronized Task applyRecommendations(String clusterId, String principal) {
            cluster(clusterId);
            return tasks.start("cluster.balance", "cluster", clusterId, principal);
        }

        @Override
        public synchronized ClusterHost exitMaintenance(String hostId, String principal) {
            ClusterHost m = membership(hostId);
            ClusterHost after = new ClusterHost(hostId, m.hostName(), m.clusterId(), "none", m.labels());
            members.put(hostId, after);
            return after;
        }

        private ClusterHost member(String clusterId, String hostId) {
            cluster(clusterId);
            ClusterHost m = members.get(hostId);
            if (m == null || !m.clusterId().equals(clusterId)) {
                throw StrataException.notFound("host in cluster " + clusterId, hostId);
            }
            return m;
        }

        /** The real rule's shape: keys start with a letter or digit. */
        private static Map<String, String> valid(Map<String, String> labels) {
            if (labels == null) {
                return Map.of();
            }
            labels.forEach((k, v) -> {
                if (k == null || !k.matches("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}") || v == null) {
                    throw StrataException.invalid("label key '" + k + "' must be 1 to 63 letters, digits, ...");
                }
            });
            return labels;
        }
    }

    /** Tenants in a map, seeded with t-1 "acme", which owns pools (so cannot be deleted). */
    static final class InMemoryTenantServiceForTests implements TenantService {
        private final Map<String, Tenant> tenants = new LinkedHashMap<>();
        private final AtomicInteger ids = new AtomicInteger(1);

        InMemoryTenantServiceForTests() {
            tenants.put("t-1", new Tenant("t-1", "acme", "ACME Corp.", new Quota(20, 64, 131072L, null), T0));
        }

        @Override
        public synchronized Page<Tenant> tenants(PageRequest page) {
            List<Tenant> all = new ArrayList<>(tenants.values());
            return new Page<>(
                    all.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    all.size());
        }

        @Override
        public synchronized Tenant tenant(String id) {
            Tenant t = tenants.get(id);
            if (t == null) {
                throw StrataException.notFound("tenant", id);
            }
            return t;
        }

        @Override
        public synchronized Tenant tenantNamed(String name) {
            return tenants.values().stream()
                    .filter(t -> t.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> StrataException.notFound("tenant", name));
        }

        @Override
        public synchronized Tenant createTenant(TenantSpec spec, String principal) {
            valid(spec);
            if (tenants.values().stream().anyMatch(t -> t.name().equals(spec.name()))) {
                throw StrataException.conflict("a tenant named '" + spec.name() + "' exists");
            }
            Tenant t = new Tenant(
                    "t-" + ids.incrementAndGet(),
                    spec.name(),
                    spec.description(),
                    spec.quota() == null ? Quota.UNLIMITED : spec.quota(),
                    T0);
            tenants.put(t.id(), t);
            return t;
        }

        @Override
        public synchronized Tenant updateTenant(String id, TenantSpec spec, String principal) {
            valid(spec);
            Tenant before = tenant(id);
            Tenant t = new Tenant(
                    id, spec.name(), spec.description(), spec.quota() == null ? before.quota() : spec.quota(), T0);
            tenants.put(id, t);
            return t;
        }

        @Override
        public synchronized void deleteTenant(String id, String principal) {
            Tenant t = tenant(id);
            if (id.equals("t-1")) {
                throw StrataException.conflict("tenant '" + t.name() + "' still owns pools");
            }
            tenants.remove(id);
        }

        @Override
        public synchronized TenantUsage usage(String tenantId) {
            Tenant t = tenant(tenantId);
            return new TenantUsage(tenantId, t.quota(), 2, 4, 4096, 40);
        }

        private static void valid(TenantSpec spec) {
            if (spec.name() == null || !spec.name().matches("[a-z0-9][a-z0-9._-]{0,62}")) {
                throw StrataException.invalid("name is required: 1 to 63 lower-case letters, digits, '.', '_' or '-'");
            }
            Quota q = spec.quota();
            if (q != null && q.vms() != null && q.vms() < 0) {
                throw StrataException.invalid("a quota cannot be negative (leave a field out for no limit)");
            }
        }
    }

    /** Datacenter dc-1 holds pool p-1 "prod" (cluster c-1, tenant t-1) with its child p-2 "web". */
    static final class InMemoryAllocationServiceForTests implements AllocationService {
        static final PoolUsage WEB = new PoolUsage(
                "p-2",
                "web",
                "p-1",
                "c-1",
                "t-1",
                true,
                new Allocation(4, 2, 10, null),
                new Allocation(8192, 4096, 20480, 16384L),
                2,
                1,
                List.of());
        static final PoolUsage PROD = new PoolUsage(
                "p-1",
                "prod",
                null,
                "c-1",
                "t-1",
                false,
                new Allocation(16, 6, 10, 32L),
                new Allocation(32768, 12288, 20480, null),
                3,
                2,
                List.of(WEB));

        @Override
        public PoolUsage usage(String poolId) {
            return switch (poolId) {
                case "p-1" -> PROD;
                case "p-2" -> WEB;
                default -> throw StrataException.notFound("pool", poolId);
            };
        }

        @Override
        public List<PoolUsage> tree(String datacenterId) {
            if (!datacenterId.equals("dc-1")) {
                throw StrataException.notFound("datacenter", datacenterId);
            }
            return List.of(PROD);
        }
    }

    /**
     * Pool p-1 (cluster c-1) holds hosts h-1 and h-2: h-1 is chosen, h-2 is refused as in maintenance. A label the
     * hosts do not carry refuses h-1 too; a VM too big for them refuses both for capacity.
     */
    static final class InMemoryPlacementServiceForTests implements PlacementService {
        @Override
        public PlacementExplanation explain(PlacementQuery query) {
            if (query.poolId() == null && query.clusterId() == null) {
                throw StrataException.invalid("poolId or clusterId is required");
            }
            if (query.poolId() != null && !List.of("p-1", "p-2").contains(query.poolId())) {
                throw StrataException.notFound("pool", query.poolId());
            }
            int cpus = query.cpus() == null ? 1 : query.cpus();
            long memory = query.memoryMb() == null ? 512 : query.memoryMb();
            List<String> h1Refusals = new ArrayList<>();
            query.labels().forEach((k, v) -> h1Refusals.add("labels: lacks " + k + "=" + v));
            if (cpus > 32) {
                h1Refusals.add("capacity: " + cpus + " vCPUs do not fit");
            }
            Map<String, Double> weights = new HashMap<>();
            weights.put("cpu-headroom", 0.75);
            weights.put("memory-headroom", 0.5);
            HostVerdict h1 = h1Refusals.isEmpty()
                    ? new HostVerdict("h-1", "kvm1", true, List.of(), 1.25, weights, 1)
                    : new HostVerdict("h-1", "kvm1", false, h1Refusals, 0, Map.of(), 0);
            HostVerdict h2 = new HostVerdict(
                    "h-2", "kvm2", false, List.of("maintenance: host 'kvm2' is entering maintenance"), 0, Map.of(), 0);
            return new PlacementExplanation(
                    query.poolId(),
                    "c-1",
                    "balanced",
                    cpus,
                    memory,
                    h1.possible() ? "h-1" : null,
                    List.of("maintenance", "capacity", "labels"),
                    List.of("cpu-headroom x1.0", "memory-headroom x1.0"),
                    List.of(h1, h2));
        }
    }

    /**
     * Power management of a world without powered hosts: cluster c-1 has nothing to power off or on; other clusters
     * and hosts do not exist, and no host is in standby.
     */
    static final class InMemoryPowerServiceForTests implements org.strata.api.datacenter.PowerService {
        @Override
        public org.strata.api.datacenter.PowerReport power(String clusterId) {
            if (!"c-1".equals(clusterId)) {
                throw StrataException.notFound("cluster", clusterId);
            }
            return new org.strata.api.datacenter.PowerReport(
                    "c-1",
                    "power-saving",
                    "manual",
                    "none",
                    0.5,
                    0.5,
                    0.5,
                    0.5,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(new org.strata.api.datacenter.PowerHost("h-1", "h-1", "it has no BMC", null)),
                    List.of(),
                    "utilization is within the band",
                    java.time.Instant.parse("2026-12-06T00:00:00Z"));
        }

        @Override
        public org.strata.api.task.Task applyPower(String clusterId, String principal) {
            throw StrataException.notFound("cluster", clusterId);
        }

        @Override
        public org.strata.api.task.Task exitStandby(String hostId, String principal) {
            throw StrataException.conflict("host " + hostId + " is not in standby");
        }
    }
}

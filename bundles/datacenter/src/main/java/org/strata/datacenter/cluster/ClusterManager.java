package org.strata.datacenter.cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.api.datacenter.PolicySegment;
import org.strata.api.event.Event;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VmService;
import org.strata.datacenter.balance.BalancingRounds;
import org.strata.datacenter.placement.PlacementEngine;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.engine.EventFeed;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.ClusterStore;

/** Clusters: validation and defaults, membership, and maintenance mode as a task ({@link Evacuation}). */
@Component(service = {ClusterService.class, ClusterManager.class})
public final class ClusterManager implements ClusterService {

    static final String NAME_RULE = "[A-Za-z0-9][A-Za-z0-9._ -]{0,63}";

    private final ClusterStore store;
    private final InventoryService inventory;
    private final VmService vms;
    private final TaskService tasks;
    private final TaskEngine engine;
    private final EventFeed events;
    private final PlacementEngine placement;
    private final ClusterCalendars calendars;
    private final BalancingRounds balancing;
    private final Clock clock;

    @Activate
    public ClusterManager(
            @Reference ClusterStore store,
            @Reference InventoryService inventory,
            @Reference VmService vms,
            @Reference TaskService tasks,
            @Reference TaskEngine engine,
            @Reference EventFeed events,
            @Reference PlacementEngine placement,
            @Reference ClusterCalendars calendars,
            @Reference BalancingRounds balancing) {
        this(store, inventory, vms, tasks, engine, events, placement, calendars, balancing, Clock.systemUTC());
    }

    public ClusterManager(
            ClusterStore store,
            InventoryService inventory,
            VmService vms,
            TaskService tasks,
            TaskEngine engine,
            EventFeed events,
            PlacementEngine placement,
            ClusterCalendars calendars,
            BalancingRounds balancing,
            Clock clock) {
        this.calendars = calendars;
        this.balancing = balancing;
        this.store = store;
        this.inventory = inventory;
        this.vms = vms;
        this.tasks = tasks;
        this.engine = engine;
        this.events = events;
        this.placement = placement;
        this.clock = clock;
    }

    @Override
    public Page<Cluster> clusters(String datacenterId, PageRequest page) {
        return store.clusters(datacenterId == null || datacenterId.isBlank() ? null : datacenterId, page);
    }

    @Override
    public Cluster cluster(String id) {
        return store.cluster(id).orElseThrow(() -> StrataException.notFound("cluster", id));
    }

    @Override
    public Cluster createCluster(ClusterSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a cluster is required");
        }
        if (spec.datacenterId() == null || spec.datacenterId().isBlank()) {
            throw StrataException.invalid("datacenterId is required");
        }
        inventory.datacenter(spec.datacenterId()); // NOT_FOUND, as a missing parent is for hosts and pools
        Cluster draft = new Cluster(
                UUID.randomUUID().toString(),
                spec.datacenterId(),
                null,
                null,
                ClusterPolicy.BALANCED.name(),
                "manual",
                3,
                4,
                1,
                4.0,
                1.0,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return store.createCluster(merged(draft, spec), principal);
    }

    @Override
    public Cluster updateCluster(String id, ClusterSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a cluster is required");
        }
        Cluster before = cluster(id);
        if (spec.datacenterId() != null && !spec.datacenterId().equals(before.datacenterId())) {
            throw StrataException.invalid("a cluster cannot move to another datacenter");
        }
        Cluster after = store.updateCluster(merged(before, spec), principal);
        if (!"automatic".equals(before.automation()) && "automatic".equals(after.automation())) {
            balancing.roundSoon(after.id());
        }
        return after;
    }

    /** The spec over what the cluster had (a new one: the defaults), checked. */
    static Cluster merged(Cluster base, ClusterSpec spec) {
        String name = spec.name() != null ? spec.name().strip() : base.name();
        if (name == null || !name.matches(NAME_RULE)) {
            throw StrataException.invalid("name is required: 1 to 64 letters, digits, '.', '_', '-' or spaces,"
                    + " starting with a letter or digit");
        }
        String description = spec.description() != null ? spec.description() : base.description();
        if (description != null && description.length() > 4000) {
            throw StrataException.invalid("description must be at most 4000 characters");
        }
        String policy = spec.policy() != null ? spec.policy() : base.policy();
        if (ClusterPolicy.named(policy) == null) {
            throw StrataException.invalid("policy must be one of "
                    + ClusterPolicy.ALL.stream().map(ClusterPolicy::name).toList() + ", was '" + policy + "'");
        }
        String automation = spec.automation() != null ? spec.automation().toLowerCase(Locale.ROOT) : base.automation();
        if (!automation.equals("manual") && !automation.equals("automatic")) {
            throw StrataException.invalid("automation must be manual or automatic, was '" + automation + "'");
        }
        int level = spec.balancingLevel() != null ? spec.balancingLevel() : base.balancingLevel();
        if (level < 1 || level > 5) {
            throw StrataException.invalid("balancingLevel must be 1 (conservative) to 5 (aggressive)");
        }
        int migrations = spec.maxMigrations() != null ? spec.maxMigrations() : base.maxMigrations();
        if (migrations < 1 || migrations > 100) {
            throw StrataException.invalid("maxMigrations must be 1 to 100");
        }
        int minOn = spec.minPoweredOnHosts() != null ? spec.minPoweredOnHosts() : base.minPoweredOnHosts();
        if (minOn < 1 || minOn > 10_000) {
            throw StrataException.invalid("minPoweredOnHosts must be at least 1");
        }
        double cpu = spec.cpuOvercommit() != null ? spec.cpuOvercommit() : base.cpuOvercommit();
        double memory = spec.memoryOvercommit() != null ? spec.memoryOvercommit() : base.memoryOvercommit();
        if (!(cpu > 0 && cpu <= 64) || !(memory > 0 && memory <= 8)) {
            throw StrataException.invalid(
                    "cpuOvercommit must be above 0 and at most 64, memoryOvercommit above 0" + " and at most 8");
        }
        return new Cluster(
                base.id(),
                base.datacenterId(),
                name,
                description,
                policy,
                automation,
                level,
                migrations,
                minOn,
                cpu,
                memory,
                base.created());
    }

    @Override
    public void deleteCluster(String id, String principal) {
        store.deleteCluster(id, principal);
    }

    @Override
    public List<ClusterHost> hosts(String clusterId) {
        cluster(clusterId);
        return store.members(clusterId);
    }

    @Override
    public ClusterHost membership(String hostId) {
        return store.membership(hostId).orElseThrow(() -> StrataException.notFound("host in a cluster", hostId));
    }

    @Override
    public ClusterHost addHost(String clusterId, String hostId, Map<String, String> labels, String principal) {
        cluster(clusterId);
        return store.addMember(clusterId, required(hostId, "hostId"), Labels.valid(labels), principal);
    }

    @Override
    public ClusterHost setLabels(String clusterId, String hostId, Map<String, String> labels, String principal) {
        member(clusterId, hostId);
        return store.updateMember(hostId, null, Labels.valid(labels), principal);
    }

    @Override
    public void removeHost(String clusterId, String hostId, String principal) {
        member(clusterId, hostId);
        store.removeMember(clusterId, hostId, principal);
    }

    @Override
    public Task enterMaintenance(String hostId, String principal) {
        ClusterHost member = membership(hostId);
        Host host = inventory.host(hostId);
        if (!"in".equals(member.maintenance())) {
            store.updateMember(hostId, "ENTERING", null, principal);
        }
        events.record(
                Event.Severity.INFO,
                "HOST_MAINTENANCE_ENTERING",
                "host",
                hostId,
                "host " + host.name() + " is entering maintenance (asked by " + principal + ")");
        Evacuation evacuation = new Evacuation(host, vms, tasks, placement, events, store, principal);
        // Its own target, not the host's: the migrations it starts hold the VMs (and their destinations).
        return engine.submit(
                new TaskRequest(
                        "host.maintenance", new TaskTarget("maintenance", hostId), Lane.LONG, principal, List.of()),
                evacuation);
    }

    @Override
    public ClusterSchedule schedule(String clusterId) {
        cluster(clusterId);
        return calendars
                .schedule(clusterId)
                .orElseThrow(() -> StrataException.notFound("calendar of cluster", clusterId));
    }

    @Override
    public ClusterSchedule setSchedule(String clusterId, ClusterSchedule schedule, String principal) {
        calendars.set(cluster(clusterId), schedule, principal);
        return schedule;
    }

    @Override
    public List<PolicySegment> timeline(String clusterId, int days) {
        return calendars.timeline(cluster(clusterId), days);
    }

    @Override
    public PolicySegment activePolicy(String clusterId) {
        return calendars.active(cluster(clusterId));
    }

    @Override
    public BalancingReport recommendations(String clusterId) {
        return balancing.report(cluster(clusterId));
    }

    @Override
    public Task applyRecommendations(String clusterId, String principal) {
        return balancing.apply(cluster(clusterId), principal);
    }

    @Override
    public ClusterHost exitMaintenance(String hostId, String principal) {
        ClusterHost member = membership(hostId);
        if ("none".equals(member.maintenance())) {
            return member;
        }
        ClusterHost after = store.updateMember(hostId, "NONE", null, principal);
        events.record(
                Event.Severity.INFO,
                "HOST_MAINTENANCE_EXITED",
                "host",
                hostId,
                "host " + member.hostName() + " left maintenance (asked by " + principal + ")");
        return after;
    }

    private ClusterHost member(String clusterId, String hostId) {
        cluster(clusterId);
        return store.membership(required(hostId, "hostId"))
                .filter(m -> m.clusterId().equals(clusterId))
                .orElseThrow(() -> StrataException.notFound("host in cluster " + clusterId, hostId));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid(field + " is required");
        }
        return value;
    }

    /** For tests. */
    Instant now() {
        return clock.instant();
    }
}

package org.strata.ws.soap;

import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.PlacementQuery;
import org.strata.api.datacenter.PlacementService;
import org.strata.api.datacenter.PolicySegment;
import org.strata.api.datacenter.PowerHost;
import org.strata.api.datacenter.PowerReport;
import org.strata.api.datacenter.PowerService;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.Scopes;

/**
 * The datacenter layer over SOAP: clusters, their hosts and maintenance mode, tenants and their usage, the pool tree
 * and pool usage, and placement's explanation. The layer is optional (feature strata-datacenter): while it is not
 * running every operation answers the fault UNAVAILABLE, as REST answers 503.
 *
 * <p>A user scoped to its tenants ({@link TenantScope}) sees here what REST shows it: its tenants, their usage and
 * their pools' usage; another tenant's is NOT_FOUND, as a missing one. Everything else (clusters, their hosts,
 * maintenance, schedules, balancing, power, placement, and changing tenants) is the platform's: the fault FORBIDDEN,
 * operation by operation, as REST's 403.
 */
@WebService(
        name = "Datacenter",
        serviceName = "DatacenterWebService",
        portName = "DatacenterPort",
        targetNamespace = Soap.NAMESPACE)
public class DatacenterWebService {
    private final ClusterService clusters;
    private final TenantService tenants;
    private final AllocationService allocation;
    private final PlacementService placement;
    private final SoapCaller caller;
    /** Power management; null where it is not wired (the operations then answer UNAVAILABLE). */
    private final PowerService power;
    /** Tenant scoping; null where it is not wired (a scoped user is then refused every operation). */
    private final Scopes scopes;

    public DatacenterWebService(
            ClusterService clusters,
            TenantService tenants,
            AllocationService allocation,
            PlacementService placement,
            SoapCaller caller) {
        this(clusters, tenants, allocation, placement, caller, null);
    }

    public DatacenterWebService(
            ClusterService clusters,
            TenantService tenants,
            AllocationService allocation,
            PlacementService placement,
            SoapCaller caller,
            PowerService power) {
        this(clusters, tenants, allocation, placement, caller, power, null);
    }

    public DatacenterWebService(
            ClusterService clusters,
            TenantService tenants,
            AllocationService allocation,
            PlacementService placement,
            SoapCaller caller,
            PowerService power,
            Scopes scopes) {
        this.clusters = clusters;
        this.tenants = tenants;
        this.allocation = allocation;
        this.placement = placement;
        this.caller = caller;
        this.power = power;
        this.scopes = scopes;
    }

    /** The caller's tenant scope (lookups only for a scoped user). */
    private TenantScope scope() throws StrataFault {
        String who = caller.reader();
        AuthenticatedUser user = caller.current();
        if (scopes != null) {
            return scopes.of(user);
        }
        if (TenantScope.isScoped(user.roles())) {
            throw new StrataException(ErrorCode.FORBIDDEN, TenantScope.NEEDS_PLATFORM_ROLE);
        }
        return TenantScope.unscoped(who);
    }

    /**
     * The caller's name for reading infrastructure: FORBIDDEN for a scoped user. Decided from the roles alone, so that
     * the refusal needs no lookup (and answers the same while the layer is not running).
     */
    private String platformReader() throws StrataFault {
        String who = caller.reader();
        if (TenantScope.isScoped(caller.current().roles())) {
            throw new StrataException(ErrorCode.FORBIDDEN, TenantScope.NEEDS_PLATFORM_ROLE);
        }
        return who;
    }

    /** The caller's name for a change only the platform makes: FORBIDDEN for a scoped user, as for a viewer. */
    private String platformWriter() throws StrataFault {
        platformReader();
        return caller.writer();
    }

    // Clusters

    /** Clusters of one datacenter, or all (datacenterId absent or blank). */
    @WebMethod
    @WebResult(name = "page")
    public ClusterPageDto listClusters(
            @WebParam(name = "datacenterId") String datacenterId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return SoapMapping.clusters(clusters.clusters(blankToNull(datacenterId), PageRequest.of(offset, limit)));
        });
    }

    @WebMethod
    @WebResult(name = "cluster")
    public ClusterDto getCluster(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return SoapMapping.cluster(clusters.cluster(id));
        });
    }

    @WebMethod
    @WebResult(name = "cluster")
    public ClusterDto createCluster(@WebParam(name = "spec") ClusterSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.cluster(clusters.createCluster(SoapMapping.spec(spec), who));
        });
    }

    /** Absent fields keep the cluster's value; the datacenter cannot change. */
    @WebMethod
    @WebResult(name = "cluster")
    public ClusterDto updateCluster(@WebParam(name = "id") String id, @WebParam(name = "spec") ClusterSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.cluster(clusters.updateCluster(id, SoapMapping.spec(spec), who));
        });
    }

    /** CONFLICT while the cluster still has hosts or pools. */
    @WebMethod
    public void deleteCluster(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            clusters.deleteCluster(id, platformWriter());
            return null;
        });
    }

    // Hosts of a cluster

    @WebMethod
    @WebResult(name = "host")
    public List<ClusterHostDto> listClusterHosts(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return clusters.hosts(clusterId).stream()
                    .map(SoapMapping::clusterHost)
                    .toList();
        });
    }

    /** The host's membership of this cluster; NOT_FOUND when it is not in this cluster. */
    @WebMethod
    @WebResult(name = "host")
    public ClusterHostDto getClusterHost(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "hostId") String hostId)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return SoapMapping.clusterHost(member(clusterId, hostId));
        });
    }

    /** Adds a hypervisor host of the cluster's datacenter that is in no cluster yet (CONFLICT otherwise). */
    @WebMethod
    @WebResult(name = "host")
    public ClusterHostDto addClusterHost(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "label") List<LabelDto> labels)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.clusterHost(clusters.addHost(clusterId, hostId, SoapMapping.labels(labels), who));
        });
    }

    /** Replaces the host's placement labels; none removes them all. */
    @WebMethod
    @WebResult(name = "host")
    public ClusterHostDto setHostLabels(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "label") List<LabelDto> labels)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.clusterHost(clusters.setLabels(clusterId, hostId, SoapMapping.labels(labels), who));
        });
    }

    /** CONFLICT while VMs of the cluster's pools run on the host. */
    @WebMethod
    public void removeClusterHost(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "hostId") String hostId)
            throws StrataFault {
        Faults.call(() -> {
            clusters.removeHost(clusterId, hostId, platformWriter());
            return null;
        });
    }

    /**
     * Puts the host into maintenance and returns the task that live-migrates its running VMs to other hosts of the
     * cluster; follow it with the Tasks service. When some VM cannot move the task fails naming each one and why, and
     * the host stays "entering" until an admin decides.
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto enterMaintenance(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "hostId") String hostId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            member(clusterId, hostId);
            return SoapMapping.task(clusters.enterMaintenance(hostId, who));
        });
    }

    /** Takes the host out of maintenance (or out of "entering"): placement may use it again. */
    @WebMethod
    @WebResult(name = "host")
    public ClusterHostDto exitMaintenance(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "hostId") String hostId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            member(clusterId, hostId);
            return SoapMapping.clusterHost(clusters.exitMaintenance(hostId, who));
        });
    }

    /** The cluster's calendar (absent: none), the policy it follows now, and the next days (1 to 366, default 7). */
    @WebMethod
    @WebResult(name = "schedule")
    public ScheduleViewDto getClusterSchedule(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "days") Integer days) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            int n = days == null ? 7 : days;
            if (n < 1 || n > 366) {
                throw StrataException.invalid("days must be 1 to 366, was " + n);
            }
            ClusterSchedule schedule;
            try {
                schedule = clusters.schedule(clusterId);
            } catch (StrataException e) {
                if (e.code() != org.strata.api.ErrorCode.NOT_FOUND) {
                    throw e;
                }
                clusters.cluster(clusterId);
                schedule = null;
            }
            return scheduleView(schedule, clusterId, n);
        });
    }

    /** Replaces the cluster's calendar; INVALID_INPUT naming the field for a bad expression, zone, date or policy. */
    @WebMethod
    @WebResult(name = "schedule")
    public ScheduleViewDto setClusterSchedule(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "schedule") ClusterScheduleDto schedule)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            if (schedule == null) {
                throw StrataException.invalid("schedule is required (removeClusterSchedule removes it)");
            }
            ClusterSchedule s = new ClusterSchedule(
                    schedule.zone,
                    schedule.windows.stream()
                            .map(w -> new ClusterSchedule.Window(w.name, w.policy, w.start, w.end, w.zone, w.except))
                            .toList(),
                    schedule.policyDays.stream()
                            .map(d -> new ClusterSchedule.PolicyDay(d.date, d.policy))
                            .toList());
            clusters.setSchedule(clusterId, s, who);
            return scheduleView(s, clusterId, 7);
        });
    }

    /** Removes the cluster's calendar: it follows its own policy again. */
    @WebMethod
    public void removeClusterSchedule(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            clusters.setSchedule(clusterId, null, who);
            return null;
        });
    }

    /** A balancing round computed now from measured load, nothing done. */
    @WebMethod
    @WebResult(name = "report")
    public BalancingReportDto getClusterRecommendations(@WebParam(name = "clusterId") String clusterId)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            BalancingReport r = clusters.recommendations(clusterId);
            BalancingReportDto dto = new BalancingReportDto();
            dto.clusterId = r.clusterId();
            dto.policy = r.policy();
            dto.level = r.level();
            dto.outcome = r.outcome();
            dto.imbalanceBefore = r.imbalanceBefore();
            dto.imbalanceAfter = r.imbalanceAfter();
            dto.threshold = r.threshold();
            r.recommendations().forEach(m -> dto.recommendations.add(recommendation(m)));
            dto.excluded.addAll(r.excluded());
            dto.summary = r.summary();
            dto.computed = r.computed();
            return dto;
        });
    }

    /** Carries out a balancing round now: a task that migrates what it recommends, one VM at a time. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto applyClusterRecommendations(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(clusters.applyRecommendations(clusterId, who));
        });
    }

    /** A power management round computed now from measured load, nothing done. */
    @WebMethod
    @WebResult(name = "report")
    public PowerReportDto getClusterPower(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            PowerReport r = power().power(clusterId);
            PowerReportDto dto = new PowerReportDto();
            dto.clusterId = r.clusterId();
            dto.policy = r.policy();
            dto.automation = r.automation();
            dto.action = r.action();
            dto.cpuLoad = r.cpuLoad();
            dto.memoryLoad = r.memoryLoad();
            dto.cpuLoadAfter = r.cpuLoadAfter();
            dto.memoryLoadAfter = r.memoryLoadAfter();
            r.powerOff().forEach(h -> dto.powerOff.add(powerHost(h)));
            r.moves().forEach(m -> dto.moves.add(recommendation(m)));
            r.powerOn().forEach(h -> dto.powerOn.add(powerHost(h)));
            r.standby().forEach(h -> dto.standby.add(powerHost(h)));
            r.excluded().forEach(h -> dto.excluded.add(powerHost(h)));
            dto.unmet.addAll(r.unmet());
            dto.summary = r.summary();
            dto.computed = r.computed();
            return dto;
        });
    }

    /** Carries a power management round out now (task cluster.power). */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto applyClusterPower(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(power().applyPower(clusterId, who));
        });
    }

    /** Powers a host in standby on and takes it out of standby once its hypervisor answers (task). */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto exitHostStandby(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(power().exitStandby(hostId, who));
        });
    }

    private PowerService power() {
        if (power == null) {
            throw new StrataException(ErrorCode.UNAVAILABLE, "power management is not wired to this service");
        }
        return power;
    }

    /** One move, as balancing recommends it and as power management plans it before powering a host off. */
    private static RecommendationDto recommendation(Recommendation m) {
        RecommendationDto d = new RecommendationDto();
        d.vmId = m.vmId();
        d.vmName = m.vmName();
        d.fromHostId = m.fromHostId();
        d.toHostId = m.toHostId();
        d.gain = m.gain();
        d.reason = m.reason();
        return d;
    }

    private static PowerHostDto powerHost(PowerHost h) {
        PowerHostDto d = new PowerHostDto();
        d.hostId = h.hostId();
        d.hostName = h.hostName();
        d.reason = h.reason();
        d.since = h.since();
        return d;
    }

    private ScheduleViewDto scheduleView(ClusterSchedule schedule, String clusterId, int days) {
        ScheduleViewDto view = new ScheduleViewDto();
        if (schedule != null) {
            ClusterScheduleDto s = new ClusterScheduleDto();
            s.zone = schedule.zone();
            for (ClusterSchedule.Window w : schedule.windows()) {
                ScheduleWindowDto d = new ScheduleWindowDto();
                d.name = w.name();
                d.policy = w.policy();
                d.start = w.start();
                d.end = w.end();
                d.zone = w.zone();
                d.except.addAll(w.except());
                s.windows.add(d);
            }
            for (ClusterSchedule.PolicyDay p : schedule.policyDays()) {
                PolicyDayDto d = new PolicyDayDto();
                d.date = p.date();
                d.policy = p.policy();
                s.policyDays.add(d);
            }
            view.schedule = s;
        }
        view.active = segment(clusters.activePolicy(clusterId));
        for (PolicySegment segment : clusters.timeline(clusterId, days)) {
            view.timeline.add(segment(segment));
        }
        return view;
    }

    private static PolicySegmentDto segment(PolicySegment s) {
        PolicySegmentDto d = new PolicySegmentDto();
        d.policy = s.policy();
        d.window = s.window();
        d.day = s.day();
        d.start = s.start();
        d.end = s.end();
        return d;
    }

    /** As REST's /clusters/{id}/hosts/{hostId}: the host must be a member of the cluster named. */
    private ClusterHost member(String clusterId, String hostId) {
        ClusterHost member = clusters.membership(hostId);
        if (!member.clusterId().equals(clusterId)) {
            throw StrataException.notFound("host in cluster " + clusterId, hostId);
        }
        return member;
    }

    // Tenants

    @WebMethod
    @WebResult(name = "page")
    public TenantPageDto listTenants(@WebParam(name = "offset") Integer offset, @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.tenants(scope().tenants(tenants, PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "tenant")
    public TenantDto getTenant(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.tenant(scope().tenant(tenants.tenant(id))));
    }

    @WebMethod
    @WebResult(name = "tenant")
    public TenantDto createTenant(@WebParam(name = "spec") TenantSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.tenant(tenants.createTenant(SoapMapping.spec(spec), who));
        });
    }

    /** An absent quota keeps the tenant's; a quota below what it holds stops growth and takes nothing away. */
    @WebMethod
    @WebResult(name = "tenant")
    public TenantDto updateTenant(@WebParam(name = "id") String id, @WebParam(name = "spec") TenantSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.tenant(tenants.updateTenant(id, SoapMapping.spec(spec), who));
        });
    }

    /** CONFLICT while the tenant still owns pools. */
    @WebMethod
    public void deleteTenant(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            tenants.deleteTenant(id, platformWriter());
            return null;
        });
    }

    /** What the tenant holds now against its quota. */
    @WebMethod
    @WebResult(name = "usage")
    public TenantUsageDto getTenantUsage(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            TenantScope scope = scope();
            if (scope.scoped()) {
                scope.tenant(tenants.tenant(id));
            }
            return SoapMapping.usage(tenants.usage(id));
        });
    }

    // Pools: allocation

    /**
     * Every top-level pool of the datacenter with its subtree: reserved, used and available. A scoped user gets each of
     * its tenants' topmost pools, with its subtree, as a root.
     */
    @WebMethod
    @WebResult(name = "pool")
    public List<PoolUsageDto> poolTree(@WebParam(name = "datacenterId") String datacenterId) throws StrataFault {
        return Faults.call(() -> {
            TenantScope scope = scope();
            String id = blankToNull(datacenterId);
            if (id == null) {
                throw StrataException.invalid("datacenterId is required");
            }
            return scope.tree(allocation.tree(id)).stream()
                    .map(SoapMapping::usage)
                    .toList();
        });
    }

    /** The pool with its subtree: reserved, used and available; another tenant's pool is NOT_FOUND to a scoped user. */
    @WebMethod
    @WebResult(name = "pool")
    public PoolUsageDto poolUsage(@WebParam(name = "poolId") String poolId) throws StrataFault {
        return Faults.call(() -> {
            scope().requirePool(poolId);
            return SoapMapping.usage(allocation.usage(poolId));
        });
    }

    // Placement

    /**
     * What placement would decide now for a VM of this size (default 1 vCPU, 512 MiB) in this pool (or, for a VM in
     * no pool, this cluster), with these labels required of the host, leaving out the VM vmId; decides nothing.
     */
    @WebMethod
    @WebResult(name = "explanation")
    public PlacementExplanationDto explainPlacement(
            @WebParam(name = "poolId") String poolId,
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "cpus") Integer cpus,
            @WebParam(name = "memoryMb") Long memoryMb,
            @WebParam(name = "label") List<LabelDto> labels,
            @WebParam(name = "vmId") String vmId)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            // The bounds REST's query parameters have, so that both refuse the same values.
            if (cpus != null && (cpus < 1 || cpus > 4096)) {
                throw StrataException.invalid("'cpus' must be 1 to 4096");
            }
            if (memoryMb != null && (memoryMb < 1 || memoryMb > Integer.MAX_VALUE)) {
                throw StrataException.invalid("'memoryMb' must be 1 to " + Integer.MAX_VALUE);
            }
            return SoapMapping.explanation(placement.explain(new PlacementQuery(
                    blankToNull(poolId),
                    blankToNull(clusterId),
                    cpus,
                    memoryMb,
                    SoapMapping.labels(labels),
                    blankToNull(vmId))));
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

package org.strata.datacenter.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.UsageQuery;
import org.strata.api.datacenter.UsageReport;
import org.strata.api.datacenter.UsageReportService;
import org.strata.api.datacenter.UsageSampling;
import org.strata.api.inventory.ResourcePool;
import org.strata.repository.ClusterStore;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.DatacenterStore;
import org.strata.repository.PoolUsageRow;
import org.strata.repository.TenantStore;
import org.strata.repository.UsageStore;

/**
 * The cost and utilization report over the recorder's samples: the scope (a tenant, a pool with its sub-pools, or a
 * cluster) picks the pool rows and the clusters they ran on; {@link UsageAggregation} does the arithmetic.
 */
@Component(service = UsageReportService.class)
public final class UsageReports implements UsageReportService {

    private final TenantStore tenants;
    private final DatacenterStore datacenters;
    private final ClusterStore clusters;
    private final UsageStore usage;
    private final UsageRecorder recorder;
    private final Clock clock;

    @Activate
    public UsageReports(
            @Reference TenantStore tenants,
            @Reference DatacenterStore datacenters,
            @Reference ClusterStore clusters,
            @Reference UsageStore usage,
            @Reference UsageRecorder recorder) {
        this.tenants = tenants;
        this.datacenters = datacenters;
        this.clusters = clusters;
        this.usage = usage;
        this.recorder = recorder;
        this.clock = Clock.systemUTC();
    }

    @Override
    public UsageSampling sampleNow() {
        return recorder.sample();
    }

    @Override
    public UsageReport report(UsageQuery query) {
        if (query == null) {
            throw StrataException.invalid("a query is required");
        }
        int scopes =
                (blank(query.tenant()) ? 0 : 1) + (blank(query.poolId()) ? 0 : 1) + (blank(query.clusterId()) ? 0 : 1);
        if (scopes != 1) {
            throw StrataException.invalid("exactly one of tenant, pool or cluster is required");
        }
        Step step = Step.parse(query.step());
        Instant to = query.to() == null ? clock.instant() : query.to();
        Instant from = query.from() == null ? to.minus(step.defaultPeriod()) : query.from();
        if (!from.isBefore(to)) {
            throw StrataException.invalid("from (" + from + ") must be before to (" + to + ")");
        }
        from = step.floor(from);
        to = step.ceil(to);
        long steps = Duration.between(from, to).dividedBy(step.length());
        if (steps > Step.MAX_STEPS) {
            throw StrataException.invalid("the period has " + steps + " steps of a " + step.label() + "; at most "
                    + Step.MAX_STEPS + " are allowed: shorten it or take a longer step");
        }

        String scope;
        String subjectId;
        String subjectName;
        List<PoolUsageRow> poolRows;
        Set<String> clusterIds = new TreeSet<>();
        Set<String> poolIds = new LinkedHashSet<>();
        if (!blank(query.tenant())) {
            Tenant tenant = tenant(query.tenant().trim());
            scope = "tenant";
            subjectId = tenant.id();
            subjectName = tenant.name();
            poolRows = usage.tenantSums(tenant.id(), from, to);
            // The pools it owned when sampled, also those deleted since, and the clusters they ran on then.
            usage.tenantPools(tenant.id(), from, to).forEach((pool, ran) -> {
                poolIds.add(pool);
                clusterIds.addAll(ran);
            });
            for (ResourcePool p : datacenters.allPools()) {
                if (tenant.id().equals(p.tenantId())) {
                    poolIds.add(p.id());
                    addIfPresent(clusterIds, p.clusterId());
                }
            }
        } else if (!blank(query.poolId())) {
            ResourcePool pool = datacenters
                    .pool(query.poolId().trim())
                    .orElseThrow(() -> StrataException.notFound("pool", query.poolId()));
            scope = "pool";
            subjectId = pool.id();
            subjectName = pool.name();
            poolIds.addAll(subtree(pool, datacenters.allPools()));
            poolRows = usage.poolSums(poolIds, from, to);
            addIfPresent(clusterIds, pool.clusterId());
            clusterIds.addAll(usage.clustersOf(poolIds, from, to));
        } else {
            Cluster cluster = clusters.cluster(query.clusterId().trim())
                    .orElseThrow(() -> StrataException.notFound("cluster", query.clusterId()));
            scope = "cluster";
            subjectId = cluster.id();
            subjectName = cluster.name();
            clusterIds.add(cluster.id());
            for (ResourcePool p : datacenters.allPools()) {
                if (cluster.id().equals(p.clusterId())) {
                    poolIds.add(p.id());
                }
            }
            poolRows = usage.poolSums(poolIds, from, to);
        }
        List<ClusterUsageRow> clusterRows = usage.clusterRows(clusterIds, from, to);
        UsageAggregation.Result result = UsageAggregation.aggregate(
                poolRows,
                clusterRows,
                from,
                to,
                step.length(),
                id -> clusters.cluster(id).map(Cluster::name).orElse(id));
        return new UsageReport(
                scope,
                subjectId,
                subjectName,
                from,
                to,
                step.label(),
                List.copyOf(poolIds),
                result.clusters(),
                result.steps(),
                result.totals());
    }

    /** By id, then by name: a tenant's name is what users know it by. */
    private Tenant tenant(String idOrName) {
        return tenants.tenant(idOrName)
                .or(() -> tenants.tenantNamed(idOrName))
                .orElseThrow(() -> StrataException.notFound("tenant", idOrName));
    }

    static List<String> subtree(ResourcePool root, List<ResourcePool> all) {
        List<String> ids = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root.id()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            ids.add(id);
            for (ResourcePool p : all) {
                if (id.equals(p.parentId())) {
                    todo.push(p.id());
                }
            }
        }
        return ids;
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

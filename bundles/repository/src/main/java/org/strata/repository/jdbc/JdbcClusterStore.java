package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.CLUSTER;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.lockDatacenter;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.inventory.HostKind;
import org.strata.repository.ClusterStore;
import org.strata.repository.StoredHost;

/** Clusters and their members over JDBC; each write one transaction with its history entry. */
final class JdbcClusterStore implements ClusterStore {

    private static final String MEMBER = "cluster-host";

    private final Transactions tx;
    private final ClusterDao clusters;
    private final DatacenterDao datacenters;
    private final HostDao hosts;
    private final HistoryDao history;

    JdbcClusterStore(
            Transactions tx, ClusterDao clusters, DatacenterDao datacenters, HostDao hosts, HistoryDao history) {
        this.tx = tx;
        this.clusters = clusters;
        this.datacenters = datacenters;
        this.hosts = hosts;
        this.history = history;
    }

    @Override
    public Page<Cluster> clusters(String datacenterId, PageRequest page) {
        return tx.inTransaction("listing clusters", c -> clusters.page(c, datacenterId, page));
    }

    @Override
    public Optional<Cluster> cluster(String id) {
        return tx.inTransaction("reading a cluster", c -> clusters.find(c, id));
    }

    @Override
    public Cluster createCluster(Cluster cluster, String principal) {
        return tx.inTransaction("creating a cluster", c -> {
            lockDatacenter(c, datacenters, cluster.datacenterId());
            try {
                clusters.insert(c, cluster);
            } catch (java.sql.SQLException e) {
                throw conflictIfDuplicate(e, nameTaken(cluster));
            }
            history.record(c, principal, CLUSTER, cluster.id(), Action.CREATE, null, cluster);
            return cluster;
        });
    }

    @Override
    public Cluster updateCluster(Cluster cluster, String principal) {
        return tx.inTransaction("updating a cluster", c -> {
            Cluster before =
                    clusters.find(c, cluster.id()).orElseThrow(() -> StrataException.notFound(CLUSTER, cluster.id()));
            lockDatacenter(c, datacenters, before.datacenterId());
            try {
                clusters.update(c, cluster);
            } catch (java.sql.SQLException e) {
                throw conflictIfDuplicate(e, nameTaken(cluster));
            }
            history.record(c, principal, CLUSTER, cluster.id(), Action.UPDATE, before, cluster);
            return cluster;
        });
    }

    @Override
    public void deleteCluster(String id, String principal) {
        tx.inTransaction("deleting a cluster", c -> {
            Cluster before = clusters.find(c, id).orElseThrow(() -> StrataException.notFound(CLUSTER, id));
            lockDatacenter(c, datacenters, before.datacenterId());
            if (clusters.holdsAnything(c, id)) {
                throw StrataException.conflict("cluster '" + before.name() + "' still has hosts or pools");
            }
            clusters.delete(c, id);
            history.record(c, principal, CLUSTER, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public Optional<String> schedule(String clusterId) {
        return tx.inTransaction("reading a cluster's calendar", c -> {
            if (clusters.find(c, clusterId).isEmpty()) {
                throw StrataException.notFound(CLUSTER, clusterId);
            }
            return clusters.schedule(c, clusterId);
        });
    }

    @Override
    public void setSchedule(String clusterId, String scheduleJson, String principal) {
        tx.inTransaction("changing a cluster's calendar", c -> {
            Cluster cluster =
                    clusters.find(c, clusterId).orElseThrow(() -> StrataException.notFound(CLUSTER, clusterId));
            lockDatacenter(c, datacenters, cluster.datacenterId());
            String before = clusters.schedule(c, clusterId).orElse(null);
            clusters.setSchedule(c, clusterId, scheduleJson);
            history.record(
                    c,
                    principal,
                    "cluster-schedule",
                    clusterId,
                    before == null ? Action.CREATE : scheduleJson == null ? Action.DELETE : Action.UPDATE,
                    before,
                    scheduleJson);
            return null;
        });
    }

    @Override
    public List<ClusterHost> members(String clusterId) {
        return tx.inTransaction("listing a cluster's hosts", c -> clusters.members(c, clusterId));
    }

    @Override
    public List<ClusterHost> allMembers() {
        return tx.inTransaction("listing cluster hosts", clusters::allMembers);
    }

    @Override
    public Optional<ClusterHost> membership(String hostId) {
        return tx.inTransaction("reading a host's cluster", c -> clusters.membership(c, hostId));
    }

    @Override
    public ClusterHost addMember(String clusterId, String hostId, Map<String, String> labels, String principal) {
        return tx.inTransaction("adding a host to a cluster", c -> {
            Cluster cluster =
                    clusters.find(c, clusterId).orElseThrow(() -> StrataException.notFound(CLUSTER, clusterId));
            lockDatacenter(c, datacenters, cluster.datacenterId());
            StoredHost host = hosts.find(c, hostId)
                    .orElseThrow(() -> StrataException.invalid("host '" + hostId + "' does not exist"));
            if (host.kind() != HostKind.HYPERVISOR) {
                throw StrataException.invalid("host '" + host.name() + "' is not a hypervisor host");
            }
            if (!host.datacenterId().equals(cluster.datacenterId())) {
                throw StrataException.invalid(
                        "host '" + host.name() + "' is in another datacenter than cluster '" + cluster.name() + "'");
            }
            Optional<ClusterHost> existing = clusters.membership(c, hostId);
            if (existing.isPresent()) {
                throw StrataException.conflict("host '" + host.name() + "' is already in a cluster ("
                        + existing.get().clusterId() + ")");
            }
            clusters.insertMember(c, hostId, clusterId, "NONE", labels == null ? Map.of() : labels);
            ClusterHost after = clusters.membership(c, hostId).orElseThrow();
            history.record(c, principal, MEMBER, hostId, Action.CREATE, null, after);
            return after;
        });
    }

    @Override
    public ClusterHost updateMember(String hostId, String maintenance, Map<String, String> labels, String principal) {
        return tx.inTransaction("changing a cluster host", c -> {
            ClusterHost before = clusters.membership(c, hostId)
                    .orElseThrow(() -> StrataException.notFound("host in a cluster", hostId));
            String state = maintenance == null ? before.maintenance() : maintenance;
            clusters.updateMember(c, hostId, state.toUpperCase(Locale.ROOT), labels == null ? before.labels() : labels);
            ClusterHost after = clusters.membership(c, hostId).orElseThrow();
            history.record(c, principal, MEMBER, hostId, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void removeMember(String clusterId, String hostId, String principal) {
        tx.inTransaction("removing a host from a cluster", c -> {
            ClusterHost before = clusters.membership(c, hostId)
                    .filter(m -> m.clusterId().equals(clusterId))
                    .orElseThrow(() -> StrataException.notFound("host in cluster " + clusterId, hostId));
            Cluster cluster = clusters.find(c, clusterId).orElseThrow();
            lockDatacenter(c, datacenters, cluster.datacenterId());
            clusters.deleteMember(c, hostId);
            history.record(c, principal, MEMBER, hostId, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public Map<String, Instant> standby(String clusterId) {
        return tx.inTransaction("reading the hosts in standby", c -> clusters.standby(c, clusterId));
    }

    @Override
    public void setStandby(String hostId, boolean standby, String principal) {
        tx.inTransaction(standby ? "putting a host into standby" : "taking a host out of standby", c -> {
            ClusterHost member = clusters.membership(c, hostId)
                    .orElseThrow(() -> StrataException.notFound("host in a cluster", hostId));
            if (clusters.setStandby(c, hostId, standby, Rows.now())) {
                history.record(
                        c,
                        principal,
                        MEMBER,
                        hostId,
                        Action.UPDATE,
                        Map.of("hostId", member.hostId(), "standby", !standby),
                        Map.of("hostId", member.hostId(), "standby", standby));
            }
            return null;
        });
    }

    private static String nameTaken(Cluster cluster) {
        return "datacenter already has a cluster named '" + cluster.name() + "'";
    }
}

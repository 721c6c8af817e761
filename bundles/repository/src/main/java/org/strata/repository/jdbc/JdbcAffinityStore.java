package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.repository.AffinityStore;

/** Affinity groups over JDBC; each write one transaction, under the cluster's row lock, with its history entry. */
final class JdbcAffinityStore implements AffinityStore {

    static final String GROUP = "affinity-group";

    private final Transactions tx;
    private final AffinityDao groups;
    private final HistoryDao history;

    JdbcAffinityStore(Transactions tx, AffinityDao groups, HistoryDao history) {
        this.tx = tx;
        this.groups = groups;
        this.history = history;
    }

    @Override
    public List<AffinityGroup> groups(String clusterId) {
        return tx.inTransaction("listing affinity groups", c -> {
            if (Rows.count(c, "select count(*) from cluster where id = ?", clusterId) == 0) {
                throw StrataException.notFound("cluster", clusterId);
            }
            return groups.ofCluster(c, clusterId);
        });
    }

    @Override
    public List<AffinityGroup> groupsOfVm(String vmId) {
        return tx.inTransaction("reading a VM's affinity groups", c -> groups.ofVm(c, vmId));
    }

    @Override
    public Optional<AffinityGroup> group(String id) {
        return tx.inTransaction("reading an affinity group", c -> groups.find(c, id));
    }

    @Override
    public AffinityGroup createGroup(String clusterId, AffinityGroupSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body is required");
        }
        text(spec);
        return tx.inTransaction("creating an affinity group", c -> {
            lockCluster(c, clusterId);
            AffinityGroup created = new AffinityGroup(
                    newId(),
                    clusterId,
                    spec.name(),
                    spec.description(),
                    kind(spec.kind()),
                    enforcement(spec.enforcement()),
                    members(spec.vmIds()),
                    labels(spec.hostLabels()),
                    Rows.now());
            return write(c, null, created, principal);
        });
    }

    @Override
    public AffinityGroup updateGroup(String id, AffinityGroupSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body is required");
        }
        text(spec);
        return tx.inTransaction("updating an affinity group", c -> {
            AffinityGroup before = locked(c, id);
            AffinityGroup after = new AffinityGroup(
                    id,
                    before.clusterId(),
                    spec.name(),
                    spec.description(),
                    kind(spec.kind()),
                    enforcement(spec.enforcement()),
                    spec.vmIds() == null ? before.vmIds() : members(spec.vmIds()),
                    spec.hostLabels() == null ? before.hostLabels() : labels(spec.hostLabels()),
                    before.created());
            return write(c, before, after, principal);
        });
    }

    @Override
    public void deleteGroup(String id, String principal) {
        tx.inTransaction("deleting an affinity group", c -> {
            AffinityGroup before = locked(c, id);
            groups.delete(c, id);
            history.record(c, principal, GROUP, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public AffinityGroup addVm(String groupId, String vmId, String principal) {
        require(vmId, "vmId");
        return tx.inTransaction("adding a VM to an affinity group", c -> {
            AffinityGroup before = locked(c, groupId);
            if (before.vmIds().contains(vmId)) {
                return before;
            }
            List<String> vms = new ArrayList<>(before.vmIds());
            vms.add(vmId);
            return write(c, before, with(before, vms), principal);
        });
    }

    @Override
    public AffinityGroup removeVm(String groupId, String vmId, String principal) {
        require(vmId, "vmId");
        return tx.inTransaction("removing a VM from an affinity group", c -> {
            AffinityGroup before = locked(c, groupId);
            if (!before.vmIds().contains(vmId)) {
                return before;
            }
            List<String> vms = new ArrayList<>(before.vmIds());
            vms.remove(vmId);
            return write(c, before, with(before, vms), principal);
        });
    }

    /** Checks the group against its cluster (under the cluster's lock, taken by the caller) and writes it. */
    private AffinityGroup write(Connection c, AffinityGroup before, AffinityGroup after, String principal)
            throws SQLException {
        for (String vmId : after.vmIds()) {
            if (before != null && before.vmIds().contains(vmId)) {
                continue; // already accepted; a VM that left the cluster since is not the caller's doing
            }
            if (!groups.vmExists(c, vmId)) {
                throw StrataException.invalid("VM '" + vmId + "' does not exist");
            }
            if (!groups.vmInCluster(c, vmId, after.clusterId())) {
                throw StrataException.invalid("VM '" + groups.vmName(c, vmId)
                        + "' is not in the group's cluster: its pool must run on the cluster, or its host be a member");
            }
        }
        List<AffinityGroup> all = new ArrayList<>();
        for (AffinityGroup g : groups.ofCluster(c, after.clusterId())) {
            all.add(g.id().equals(after.id()) ? after : g);
        }
        if (before == null) {
            all.add(after);
        }
        String why = AffinityRules.conflict(all, vmId -> {
            try {
                return groups.vmName(c, vmId);
            } catch (SQLException e) {
                return vmId;
            }
        });
        if (why != null) {
            throw StrataException.conflict(why);
        }
        try {
            if (before == null) {
                groups.insert(c, after);
            } else {
                groups.update(c, after);
            }
        } catch (SQLException e) {
            throw conflictIfDuplicate(e, "the cluster already has an affinity group named '" + after.name() + "'");
        }
        history.record(c, principal, GROUP, after.id(), before == null ? Action.CREATE : Action.UPDATE, before, after);
        return after;
    }

    private AffinityGroup locked(Connection c, String id) throws SQLException {
        AffinityGroup group = groups.find(c, id).orElseThrow(() -> StrataException.notFound(GROUP, id));
        lockCluster(c, group.clusterId());
        // Read again under the lock: a write that held it may have changed the group meanwhile.
        return groups.find(c, id).orElseThrow(() -> StrataException.notFound(GROUP, id));
    }

    private static void lockCluster(Connection c, String clusterId) throws SQLException {
        if (Rows.one(c, "select id from cluster where id = ? for update", rs -> rs.getString(1), clusterId)
                .isEmpty()) {
            throw StrataException.notFound("cluster", clusterId);
        }
    }

    private static AffinityGroup with(AffinityGroup g, List<String> vmIds) {
        return new AffinityGroup(
                g.id(),
                g.clusterId(),
                g.name(),
                g.description(),
                g.kind(),
                g.enforcement(),
                vmIds,
                g.hostLabels(),
                g.created());
    }

    /** The name (required) and description within their columns. */
    private static void text(AffinityGroupSpec spec) {
        require(spec.name(), "name");
        if (spec.name().length() > 255) {
            throw StrataException.invalid("name must be at most 255 characters");
        }
        if (spec.description() != null && spec.description().length() > 4000) {
            throw StrataException.invalid("description must be at most 4000 characters");
        }
    }

    private static String kind(String kind) {
        if (AffinityGroup.AFFINITY.equals(kind) || AffinityGroup.ANTI_AFFINITY.equals(kind)) {
            return kind;
        }
        throw StrataException.invalid(
                "kind must be 'affinity' or 'anti-affinity'" + (kind == null ? "" : ", not '" + kind + "'"));
    }

    private static String enforcement(String enforcement) {
        if (AffinityGroup.MUST.equals(enforcement) || AffinityGroup.SHOULD.equals(enforcement)) {
            return enforcement;
        }
        throw StrataException.invalid(
                "enforcement must be 'must' or 'should'" + (enforcement == null ? "" : ", not '" + enforcement + "'"));
    }

    private static List<String> members(List<String> vmIds) {
        if (vmIds == null) {
            return List.of();
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : vmIds) {
            require(id, "each of vmIds");
            unique.add(id);
        }
        return List.copyOf(unique);
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw StrataException.invalid("hostLabels must map names to values");
            }
        }
        return labels;
    }
}

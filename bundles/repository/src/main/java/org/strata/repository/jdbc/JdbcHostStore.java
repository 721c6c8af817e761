package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.HOST;
import static org.strata.repository.jdbc.StoreRules.VM;
import static org.strata.repository.jdbc.StoreRules.checkHostPool;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.isEmpty;
import static org.strata.repository.jdbc.StoreRules.lockDatacenter;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.vm.VirtualMachine;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;

/**
 * Hosts over JDBC, with their passwords encrypted by the {@link SecretCipher}. Each configuration write is one
 * transaction with its history entry, holding the row lock of the host's datacenter. Removing a host reaches into
 * two other aggregates, in the same transaction: the VMs only discovered on it go with it (each with its own
 * history entry), and so does what its BMC said of it when it is a machine.
 *
 * <p>On updates, a null {@code datacenterId} keeps the current datacenter and a null password the stored one (an
 * empty password clears it); every other field is replaced as given.
 */
final class JdbcHostStore implements HostStore {

    /** Parsed host reports kept (a few hundred bytes each). */
    private static final int INFOS_KEPT = 1024;

    private final Transactions tx;
    private final HostDao hosts;
    private final DatacenterDao datacenters;
    private final PoolDao pools;
    private final VmDao vms;
    private final MachineDao machines;
    private final HistoryDao history;
    private final SecretCipher cipher;
    private final JsonSnapshots json;
    private final HostInfoCache infos;

    JdbcHostStore(
            Transactions tx,
            HostDao hosts,
            DatacenterDao datacenters,
            PoolDao pools,
            VmDao vms,
            MachineDao machines,
            HistoryDao history,
            SecretCipher cipher,
            JsonSnapshots json) {
        this.tx = tx;
        this.hosts = hosts;
        this.datacenters = datacenters;
        this.pools = pools;
        this.vms = vms;
        this.machines = machines;
        this.history = history;
        this.cipher = cipher;
        this.json = json;
        this.infos = new HostInfoCache(json, INFOS_KEPT);
    }

    @Override
    public Page<StoredHost> hosts(String datacenterId, PageRequest page) {
        return tx.inTransaction("listing hosts", c -> hosts.page(c, datacenterId, page));
    }

    @Override
    public Optional<StoredHost> host(String id) {
        return tx.inTransaction("reading a host", c -> hosts.find(c, id));
    }

    @Override
    public List<StoredHost> hostsOfDriver(String driverId) {
        return tx.inTransaction("listing hosts", c -> hosts.ofDriver(c, driverId));
    }

    @Override
    public Map<String, Integer> hostCountsByDriver() {
        return tx.inTransaction("counting hosts", c -> {
            Map<String, Integer> counts = new HashMap<>();
            try (var s = c.prepareStatement("select driver_id, count(*) from host group by driver_id");
                    var rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        });
    }

    @Override
    public int recordHostKinds(String driverId, HostKind kind) {
        require(driverId, "driverId");
        if (kind == null) {
            throw StrataException.invalid("a host kind is required");
        }
        return tx.inTransaction("recording host kinds", c -> hosts.fillKind(c, driverId, kind));
    }

    @Override
    public StoredHost createHost(HostSpec spec, String principal) {
        require(spec.name(), "name");
        require(spec.datacenterId(), "datacenterId");
        require(spec.driverId(), "driverId");
        // Encrypt before the transaction: no reason to hold a connection while touching the key file.
        String encrypted = isEmpty(spec.password()) ? null : cipher.encrypt(spec.password());
        return tx.inTransaction("adding a host", c -> {
            lockDatacenter(c, datacenters, spec.datacenterId());
            checkHostPool(c, pools, spec.datacenterId(), spec.poolId());
            String id = newId();
            checkBmc(c, id, spec.bmcHostId());
            StoredHost created = new StoredHost(
                    id,
                    spec.name(),
                    spec.datacenterId(),
                    spec.poolId(),
                    spec.driverId(),
                    spec.address(),
                    spec.username(),
                    encrypted != null,
                    Rows.now(),
                    spec.bmcHostId(),
                    spec.kind());
            try {
                hosts.insert(c, created, encrypted);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a host named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, HOST, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public StoredHost updateHost(String id, HostSpec spec, String principal) {
        require(spec.name(), "name");
        require(spec.driverId(), "driverId");
        String encrypted = isEmpty(spec.password()) ? null : cipher.encrypt(spec.password());
        return tx.inTransaction("updating a host", c -> {
            StoredHost before = hosts.find(c, id).orElseThrow(() -> StrataException.notFound(HOST, id));
            String datacenterId = spec.datacenterId() == null ? before.datacenterId() : spec.datacenterId();
            lockDatacenter(c, datacenters, datacenterId);
            checkHostPool(c, pools, datacenterId, spec.poolId());
            checkBmc(c, id, spec.bmcHostId());
            boolean hasPassword = spec.password() == null ? before.hasPassword() : encrypted != null;
            HostKind kind = spec.kind() == null ? before.kind() : spec.kind();
            StoredHost after = new StoredHost(
                    id,
                    spec.name(),
                    datacenterId,
                    spec.poolId(),
                    spec.driverId(),
                    spec.address(),
                    spec.username(),
                    hasPassword,
                    before.created(),
                    spec.bmcHostId(),
                    kind);
            try {
                hosts.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a host named '" + spec.name() + "' already exists");
            }
            if (spec.password() != null) {
                hosts.updatePassword(c, id, encrypted);
            }
            history.record(c, principal, HOST, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteHost(String id, String principal) {
        tx.inTransaction("removing a host", c -> {
            StoredHost before = hosts.find(c, id).orElseThrow(() -> StrataException.notFound(HOST, id));
            // Locks the datacenter like createVm does, so that no VM lands on the host while it goes.
            lockDatacenter(c, datacenters, before.datacenterId());
            long managed = vms.countManaged(c, id);
            if (managed > 0) {
                throw StrataException.conflict("host '" + before.name() + "' still holds " + managed
                        + " virtual machine(s) defined by Strata; delete or migrate them first");
            }
            for (VirtualMachine discovered : vms.ofHost(c, id)) {
                vms.delete(c, discovered.id());
                history.record(c, principal, VM, discovered.id(), Action.DELETE, discovered, null);
            }
            // Checked here rather than left to the foreign key so the caller learns which host still needs it.
            List<String> users = hosts.namesUsingAsBmc(c, id);
            if (!users.isEmpty()) {
                throw StrataException.conflict("host '" + before.name() + "' is the BMC of host(s) "
                        + String.join(
                                ", ", users.stream().map(n -> "'" + n + "'").toList())
                        + "; change their BMC first");
            }
            // What the BMC said of a machine is part of its host and goes with it.
            machines.delete(c, id);
            hosts.delete(c, id);
            history.record(c, principal, HOST, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public void updateHostInfo(String id, HostInfo info) {
        String infoJson = json.toJson(info);
        tx.inTransaction("recording what a host reported", c -> {
            if (!hosts.updateInfo(c, id, infoJson)) {
                throw StrataException.notFound(HOST, id);
            }
            return null;
        });
    }

    @Override
    public Optional<HostInfo> hostInfo(String id) {
        return tx.inTransaction(
                "reading what a host reported", c -> hosts.info(c, id).map(text -> infos.parse(id, text)));
    }

    @Override
    public Map<String, HostInfo> hostInfos(Collection<String> hostIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(hostIds));
        // Bounded statements: a caller with many ids gets several queries of at most 500 parameters each.
        Map<String, HostInfo> parsed = new HashMap<>();
        tx.inTransaction("reading what hosts reported", c -> {
            for (int from = 0; from < ids.size(); from += PageRequest.MAX_LIMIT) {
                for (Map.Entry<String, String> e :
                        hosts.infos(c, ids.subList(from, Math.min(ids.size(), from + PageRequest.MAX_LIMIT)))) {
                    parsed.put(e.getKey(), infos.parse(e.getKey(), e.getValue()));
                }
            }
            return null;
        });
        return parsed;
    }

    @Override
    public char[] hostPassword(String id) {
        Optional<String> encrypted = tx.inTransaction("reading a host's credentials", c -> {
            if (hosts.find(c, id).isEmpty()) {
                throw StrataException.notFound(HOST, id);
            }
            return hosts.encryptedPassword(c, id);
        });
        return encrypted.map(cipher::decrypt).orElseGet(() -> new char[0]);
    }

    /**
     * The repository's share of the BMC rules: the named host exists and is not the host itself. Whether it is
     * a bare-metal machine depends on running drivers and is core's to decide.
     */
    private void checkBmc(Connection c, String hostId, String bmcHostId) throws SQLException {
        if (bmcHostId == null) {
            return;
        }
        if (bmcHostId.equals(hostId)) {
            throw StrataException.invalid("a host cannot be its own BMC");
        }
        if (hosts.find(c, bmcHostId).isEmpty()) {
            throw StrataException.invalid("BMC host '" + bmcHostId + "' does not exist");
        }
    }
}

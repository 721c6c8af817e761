package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.HOST;
import static org.strata.repository.jdbc.StoreRules.checkHostPool;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.isEmpty;
import static org.strata.repository.jdbc.StoreRules.lockDatacenter;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.repository.MachineIdentity;
import org.strata.repository.MachineStore;
import org.strata.repository.StoredHost;
import org.strata.repository.StoredMachine;

/**
 * Bare-metal machines over JDBC: a host row plus a machine row. Adding or moving a machine writes both in one
 * transaction, with the host's history entry (entity type "host": a machine is a host), under the same datacenter
 * lock and pool check as a host added through the {@link JdbcHostStore}.
 */
final class JdbcMachineStore implements MachineStore {

    private final Transactions tx;
    private final MachineDao machines;
    private final HostDao hosts;
    private final DatacenterDao datacenters;
    private final PoolDao pools;
    private final HistoryDao history;
    private final SecretCipher cipher;

    JdbcMachineStore(
            Transactions tx,
            MachineDao machines,
            HostDao hosts,
            DatacenterDao datacenters,
            PoolDao pools,
            HistoryDao history,
            SecretCipher cipher) {
        this.tx = tx;
        this.machines = machines;
        this.hosts = hosts;
        this.datacenters = datacenters;
        this.pools = pools;
        this.history = history;
        this.cipher = cipher;
    }

    @Override
    public Optional<StoredMachine> machine(String hostId) {
        return tx.inTransaction("reading a machine", c -> machines.byHost(c, hostId));
    }

    @Override
    public Optional<StoredMachine> machineByGuid(String guid) {
        return tx.inTransaction("reading a machine", c -> machines.byGuid(c, guid));
    }

    @Override
    public List<StoredMachine> machines() {
        return tx.inTransaction("listing machines", machines::all);
    }

    @Override
    public StoredHost createMachine(HostSpec spec, MachineIdentity identity, String principal) {
        require(spec.name(), "name");
        require(spec.datacenterId(), "datacenterId");
        require(spec.driverId(), "driverId");
        requireIdentity(identity);
        String encrypted = isEmpty(spec.password()) ? null : cipher.encrypt(spec.password());
        return tx.inTransaction("adding a machine", c -> {
            lockDatacenter(c, datacenters, spec.datacenterId());
            checkHostPool(c, pools, spec.datacenterId(), spec.poolId());
            if (machines.byGuid(c, identity.guid()).isPresent()) {
                throw StrataException.conflict("a machine with GUID " + identity.guid() + " is already known");
            }
            Instant now = Rows.now();
            // Found through its BMC: a machine, whatever the spec says.
            StoredHost created = new StoredHost(
                    newId(),
                    spec.name(),
                    spec.datacenterId(),
                    spec.poolId(),
                    spec.driverId(),
                    spec.address(),
                    spec.username(),
                    encrypted != null,
                    now,
                    null,
                    HostKind.MACHINE);
            try {
                hosts.insert(c, created, encrypted);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a host named '" + spec.name() + "' already exists");
            }
            try {
                machines.insert(c, created.id(), identity, now);
            } catch (SQLException e) {
                // Two discoveries raced past the check above: the unique constraint decides.
                throw conflictIfDuplicate(e, "a machine with GUID " + identity.guid() + " is already known");
            }
            history.record(c, principal, HOST, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public StoredMachine recordMachineIdentity(String hostId, MachineIdentity identity) {
        requireIdentity(identity);
        return tx.inTransaction("recording what a machine's BMC reported", c -> {
            Instant now = Rows.now();
            boolean found;
            try {
                found = machines.update(c, hostId, identity, now);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "another machine has GUID " + identity.guid());
            }
            if (!found) {
                throw StrataException.notFound("machine", hostId);
            }
            return new StoredMachine(hostId, identity, now);
        });
    }

    @Override
    public StoredHost moveMachine(String guid, String address, MachineIdentity identity, String principal) {
        require(guid, "guid");
        require(address, "address");
        requireIdentity(identity);
        if (!guid.equals(identity.guid())) {
            throw StrataException.invalid("the identity's GUID " + identity.guid() + " is not " + guid);
        }
        return tx.inTransaction("moving a machine", c -> {
            StoredMachine machine =
                    machines.lockByGuid(c, guid).orElseThrow(() -> StrataException.notFound("machine", guid));
            StoredHost before =
                    hosts.find(c, machine.hostId()).orElseThrow(() -> StrataException.notFound(HOST, machine.hostId()));
            machines.update(c, machine.hostId(), identity, Rows.now());
            if (address.equals(before.address())) {
                return before;
            }
            StoredHost after = new StoredHost(
                    before.id(),
                    before.name(),
                    before.datacenterId(),
                    before.poolId(),
                    before.driverId(),
                    address,
                    before.username(),
                    before.hasPassword(),
                    before.created(),
                    before.bmcHostId(),
                    before.kind());
            hosts.update(c, after);
            history.record(c, principal, HOST, after.id(), Action.UPDATE, before, after);
            return after;
        });
    }

    private static void requireIdentity(MachineIdentity identity) {
        if (identity == null) {
            throw StrataException.invalid("a machine identity is required");
        }
        require(identity.guid(), "guid");
        if (identity.guid().length() > 64) {
            throw StrataException.invalid("guid must be at most 64 characters");
        }
    }
}

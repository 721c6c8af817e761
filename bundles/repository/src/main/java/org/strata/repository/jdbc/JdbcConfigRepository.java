package org.strata.repository.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.ErrorCode;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.api.history.HistoryEntry;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.ConfigRepository;
import org.strata.repository.MachineIdentity;
import org.strata.repository.NewEvent;
import org.strata.repository.NewVm;
import org.strata.repository.RepositoryHealth;
import org.strata.repository.StoredHost;
import org.strata.repository.StoredMachine;

/**
 * The configuration repository over plain JDBC. Construction opens a connection pool and migrates the schema;
 * {@link #close()} closes the pool.
 *
 * <p>Each write is one transaction that changes the rows and records one history entry. Whatever only the
 * database can check atomically is checked inside that transaction: names by unique constraints, references
 * and emptiness by queries made while holding a row lock on the datacenter concerned.
 *
 * <p>VMs are kept with their spec as JSON; power states and a host's last report ({@code info_json}) are
 * observations, written without history entries. Every other write records one.
 *
 * <p>On updates, a null {@code datacenterId} in a pool or host spec keeps the current datacenter; every other
 * field is replaced as given, except a host's null password, which keeps the stored one (an empty password
 * clears it).
 */
public class JdbcConfigRepository implements ConfigRepository, AutoCloseable {

    static final String DATACENTER = "datacenter";
    static final String POOL = "pool";
    static final String HOST = "host";
    static final String VM = "vm";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcConfigRepository.class);

    private final HikariDataSource dataSource;
    private final Transactions tx;
    private final SecretCipher cipher;
    private final DatacenterDao datacenters = new DatacenterDao();
    private final PoolDao pools = new PoolDao();
    private final HostDao hosts = new HostDao();
    private final JsonSnapshots json = new JsonSnapshots();
    private final VmDao vms = new VmDao(json);
    private final HistoryDao history = new HistoryDao(json);
    private final EventDao events = new EventDao();
    private final boolean createdNow;
    /** Set when a transaction failed because the database did; cleared once a write works again. */
    private volatile Failure lastFailure;
    private final TaskDao tasks = new TaskDao();
    private final MachineDao machines = new MachineDao();

    /**
     * Opens the database and brings its schema up to date.
     *
     * @param keyFile the file holding the key that encrypts host passwords; created on first use
     * @throws RepositoryUnusableException when an existing embedded database is damaged or not Strata's
     * @throws StrataException INTERNAL when the database cannot be reached or migrated
     */
    public JdbcConfigRepository(DatabaseSettings settings, Path keyFile) {
        this(open(settings), keyFile);
    }

    JdbcConfigRepository(OpenDatabase database, Path keyFile) {
        this.cipher = new SecretCipher(keyFile);
        this.dataSource = database.pool();
        this.createdNow = database.createdNew();
        this.tx = new Transactions(dataSource, this::databaseBroke);
    }

    /** A connection pool on an up-to-date schema, and whether this start created the repository. */
    record OpenDatabase(HikariDataSource pool, boolean createdNew) {
    }

    static OpenDatabase open(DatabaseSettings settings) {
        String user = settings.user() == null ? "" : settings.user();
        String password = settings.password() == null ? "" : settings.password();
        boolean createdNew = false;
        var embedded = EmbeddedH2.of(settings.url());
        if (embedded.isPresent()) {
            EmbeddedH2 file = embedded.get();
            if (file.exists()) {
                if (file.verifyExisting(user, password)) {
                    file.adoptPassword(user, password);
                }
            } else {
                file.create(user, password, dataSource -> {
                    Migrations.migrate(dataSource);
                    markCreatedNew(dataSource);
                });
                createdNew = true;
                LOG.info("Created a new configuration repository at {}", file.dataFile());
            }
        }
        HikariDataSource pool;
        try {
            pool = DataSources.pooled(settings);
        } catch (RuntimeException e) {
            // Hikari's message may carry the driver's, which never holds our password but may be long: log it all.
            LOG.error("Cannot connect to the configuration repository database at {} as user '{}'",
                    settings.safeUrl(), settings.user(), e);
            throw new StrataException(ErrorCode.INTERNAL,
                    "cannot connect to the configuration repository database at " + settings.safeUrl());
        }
        try {
            var result = Migrations.migrate(pool);
            LOG.info("Configuration repository at {} is at schema version {} ({} migrations applied now)",
                    settings.safeUrl(), result.targetSchemaVersion == null ? "(unchanged)" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            if (embedded.isEmpty() && result.initialSchemaVersion == null && result.migrationsExecuted > 0) {
                // A server database whose schema this start made from nothing.
                markCreatedNew(pool);
                createdNew = true;
            }
            return new OpenDatabase(pool, createdNew);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            LOG.error("Cannot migrate the configuration repository schema at {}", settings.safeUrl(), e);
            throw new StrataException(ErrorCode.INTERNAL,
                    "cannot migrate the configuration repository schema at " + settings.safeUrl());
        }
    }

    private static void markCreatedNew(javax.sql.DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             var s = c.prepareStatement("update repository_info set demo_seed_pending = true")) {
            s.executeUpdate();
        }
    }

    /**
     * A transaction failed because the database did (disk full, server gone). Pooled connections to it are of
     * no more use, and with H2 the database they hold was closed: evicting them makes the next request open it
     * afresh, so that Strata works again once the disk has room, without a restart.
     */
    private void databaseBroke(String action, SQLException cause) {
        lastFailure = new Failure(Rows.now(), SqlErrors.isDiskFull(cause) ? "no space left on its disk"
                : "its database is closed or unreachable", action);
        var pool = dataSource.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    private record Failure(Instant at, String reason, String action) {
    }

    @Override
    public boolean createdNow() {
        return createdNow;
    }

    @Override
    public boolean demoSeedPending() {
        return tx.inTransaction("reading the repository's own state", c -> {
            try (var s = c.prepareStatement("select demo_seed_pending from repository_info where id = 1");
                 var rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    @Override
    public void demoSeedDone() {
        tx.inTransaction("recording that the demo datacenter was offered", c -> {
            return Rows.update(c, "update repository_info set demo_seed_pending = false where id = 1");
        });
    }

    @Override
    public RepositoryHealth health() {
        Failure failed = lastFailure;
        try {
            if (failed == null) {
                tx.inTransaction("checking the repository", c -> {
                    try (var s = c.prepareStatement("select id from repository_info where id = 1");
                         var rs = s.executeQuery()) {
                        return rs.next();
                    }
                });
                return RepositoryHealth.ok();
            }
            // A write failed since the last one that worked: only a write shows that it can be written again.
            tx.inTransaction("checking that the repository can be written", c -> {
                return Rows.update(c, "update repository_info set write_checked_at = ? where id = 1", Rows.now());
            });
            lastFailure = null;
            LOG.info("The configuration repository can be written again (it failed at {} while {}: {})",
                    failed.at(), failed.action(), failed.reason());
            return RepositoryHealth.ok();
        } catch (StrataException e) {
            Failure now = lastFailure == null ? failed : lastFailure;
            return RepositoryHealth.down(now == null ? e.getMessage()
                    : "cannot be written since " + now.at() + " (" + now.reason() + ")");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    // ---- datacenters

    @Override
    public Page<Datacenter> datacenters(PageRequest page) {
        return tx.inTransaction("listing datacenters", c -> datacenters.page(c, page));
    }

    @Override
    public Optional<Datacenter> datacenter(String id) {
        return tx.inTransaction("reading a datacenter", c -> datacenters.find(c, id));
    }

    @Override
    public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
        require(spec.name(), "name");
        Datacenter created = new Datacenter(newId(), spec.name(), spec.description(), Rows.now());
        return tx.inTransaction("creating a datacenter", c -> {
            try {
                datacenters.insert(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a datacenter named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, DATACENTER, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("updating a datacenter", c -> {
            Datacenter before = datacenters.lock(c, id).orElseThrow(() -> StrataException.notFound(DATACENTER, id));
            Datacenter after = new Datacenter(id, spec.name(), spec.description(), before.created());
            try {
                datacenters.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a datacenter named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, DATACENTER, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteDatacenter(String id, String principal) {
        tx.inTransaction("deleting a datacenter", c -> {
            Datacenter before = datacenters.lock(c, id).orElseThrow(() -> StrataException.notFound(DATACENTER, id));
            if (datacenters.holdsAnything(c, id)) {
                throw StrataException.conflict("datacenter '" + before.name() + "' still holds pools or hosts");
            }
            datacenters.delete(c, id);
            history.record(c, principal, DATACENTER, id, Action.DELETE, before, null);
            return null;
        });
    }

    // ---- pools

    @Override
    public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
        return tx.inTransaction("listing pools", c -> pools.page(c, datacenterId, page));
    }

    @Override
    public Optional<ResourcePool> pool(String id) {
        return tx.inTransaction("reading a pool", c -> pools.find(c, id));
    }

    @Override
    public ResourcePool createPool(PoolSpec spec, String principal) {
        require(spec.name(), "name");
        require(spec.datacenterId(), "datacenterId");
        return tx.inTransaction("creating a pool", c -> {
            lockDatacenter(c, spec.datacenterId());
            checkParent(c, spec.datacenterId(), spec.parentId());
            ResourcePool created = new ResourcePool(newId(), spec.datacenterId(), spec.parentId(), spec.name(),
                    spec.description(), spec.cpuLimit(), spec.memoryLimitMb(), Rows.now());
            try {
                pools.insert(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, siblingTaken(spec));
            }
            history.record(c, principal, POOL, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("updating a pool", c -> {
            ResourcePool before = pools.find(c, id).orElseThrow(() -> StrataException.notFound(POOL, id));
            if (spec.datacenterId() != null && !spec.datacenterId().equals(before.datacenterId())) {
                throw StrataException.invalid("a pool cannot move to another datacenter");
            }
            lockDatacenter(c, before.datacenterId());
            checkParent(c, before.datacenterId(), spec.parentId());
            refuseCycle(c, id, spec.parentId());
            ResourcePool after = new ResourcePool(id, before.datacenterId(), spec.parentId(), spec.name(),
                    spec.description(), spec.cpuLimit(), spec.memoryLimitMb(), before.created());
            try {
                pools.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, siblingTaken(spec));
            }
            history.record(c, principal, POOL, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deletePool(String id, String principal) {
        tx.inTransaction("deleting a pool", c -> {
            ResourcePool before = pools.find(c, id).orElseThrow(() -> StrataException.notFound(POOL, id));
            lockDatacenter(c, before.datacenterId());
            if (pools.holdsAnything(c, id)) {
                throw StrataException.conflict("pool '" + before.name() + "' still holds pools or hosts");
            }
            pools.delete(c, id);
            history.record(c, principal, POOL, id, Action.DELETE, before, null);
            return null;
        });
    }

    private void checkParent(Connection c, String datacenterId, String parentId) throws SQLException {
        if (parentId == null) {
            return;
        }
        ResourcePool parent = pools.find(c, parentId)
                .orElseThrow(() -> StrataException.invalid("pool '" + parentId + "' does not exist"));
        if (!parent.datacenterId().equals(datacenterId)) {
            throw StrataException.invalid("parent pool '" + parent.name() + "' is in another datacenter");
        }
    }

    /** Walks up from the new parent; meeting the pool itself means the move would close a loop. */
    private void refuseCycle(Connection c, String poolId, String newParentId) throws SQLException {
        Set<String> seen = new HashSet<>();
        for (String at = newParentId; at != null; at = pools.parentOf(c, at).orElse(null)) {
            if (at.equals(poolId)) {
                throw StrataException.invalid("a pool cannot be placed under itself or one of its descendants");
            }
            if (!seen.add(at)) {
                break; // a loop that does not involve this pool: not ours to report, and must not hang us
            }
        }
    }

    private static String siblingTaken(PoolSpec spec) {
        return "a pool named '" + spec.name() + "' already exists " + (spec.parentId() == null
                ? "at the top of the datacenter" : "under that parent pool");
    }

    // ---- hosts

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
            lockDatacenter(c, spec.datacenterId());
            checkHostPool(c, spec.datacenterId(), spec.poolId());
            String id = newId();
            checkBmc(c, id, spec.bmcHostId());
            StoredHost created = new StoredHost(id, spec.name(), spec.datacenterId(), spec.poolId(),
                    spec.driverId(), spec.address(), spec.username(), encrypted != null, Rows.now(),
                    spec.bmcHostId(), spec.kind());
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
            lockDatacenter(c, datacenterId);
            checkHostPool(c, datacenterId, spec.poolId());
            checkBmc(c, id, spec.bmcHostId());
            boolean hasPassword = spec.password() == null ? before.hasPassword() : encrypted != null;
            HostKind kind = spec.kind() == null ? before.kind() : spec.kind();
            StoredHost after = new StoredHost(id, spec.name(), datacenterId, spec.poolId(), spec.driverId(),
                    spec.address(), spec.username(), hasPassword, before.created(), spec.bmcHostId(), kind);
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
            lockDatacenter(c, before.datacenterId());
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
                        + String.join(", ", users.stream().map(n -> "'" + n + "'").toList())
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
        return tx.inTransaction("reading what a host reported",
                c -> hosts.info(c, id).map(text -> json.fromJson(text, HostInfo.class)));
    }

    @Override
    public Map<String, HostInfo> hostInfos(Collection<String> hostIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(hostIds));
        // Bounded statements: a caller with many ids gets several queries of at most 500 parameters each.
        Map<String, HostInfo> infos = new HashMap<>();
        tx.inTransaction("reading what hosts reported", c -> {
            for (int from = 0; from < ids.size(); from += PageRequest.MAX_LIMIT) {
                for (Map.Entry<String, String> e : hosts.infos(c, ids.subList(from,
                        Math.min(ids.size(), from + PageRequest.MAX_LIMIT)))) {
                    infos.put(e.getKey(), json.fromJson(e.getValue(), HostInfo.class));
                }
            }
            return null;
        });
        return infos;
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

    private void checkHostPool(Connection c, String datacenterId, String poolId) throws SQLException {
        if (poolId == null) {
            return;
        }
        ResourcePool pool = pools.find(c, poolId)
                .orElseThrow(() -> StrataException.invalid("pool '" + poolId + "' does not exist"));
        if (!pool.datacenterId().equals(datacenterId)) {
            throw StrataException.invalid("pool '" + pool.name() + "' is not in the host's datacenter");
        }
    }

    // ---- bare-metal machines

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
            lockDatacenter(c, spec.datacenterId());
            checkHostPool(c, spec.datacenterId(), spec.poolId());
            if (machines.byGuid(c, identity.guid()).isPresent()) {
                throw StrataException.conflict("a machine with GUID " + identity.guid() + " is already known");
            }
            Instant now = Rows.now();
            // Found through its BMC: a machine, whatever the spec says.
            StoredHost created = new StoredHost(newId(), spec.name(), spec.datacenterId(), spec.poolId(),
                    spec.driverId(), spec.address(), spec.username(), encrypted != null, now, null, HostKind.MACHINE);
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
            StoredMachine machine = machines.lockByGuid(c, guid)
                    .orElseThrow(() -> StrataException.notFound("machine", guid));
            StoredHost before = hosts.find(c, machine.hostId())
                    .orElseThrow(() -> StrataException.notFound(HOST, machine.hostId()));
            machines.update(c, machine.hostId(), identity, Rows.now());
            if (address.equals(before.address())) {
                return before;
            }
            StoredHost after = new StoredHost(before.id(), before.name(), before.datacenterId(), before.poolId(),
                    before.driverId(), address, before.username(), before.hasPassword(), before.created(),
                    before.bmcHostId(), before.kind());
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

    // ---- virtual machines

    @Override
    public Page<VirtualMachine> vms(String hostId, PageRequest page) {
        return tx.inTransaction("listing virtual machines", c -> vms.page(c, hostId, page));
    }

    @Override
    public Set<String> vmIds() {
        return tx.inTransaction("listing virtual machine ids", c -> new HashSet<>(vms.ids(c)));
    }

    @Override
    public List<VirtualMachine> vmsOfHost(String hostId) {
        return tx.inTransaction("listing virtual machines", c -> vms.ofHost(c, hostId));
    }

    @Override
    public Optional<VirtualMachine> vm(String id) {
        return tx.inTransaction("reading a virtual machine", c -> vms.find(c, id));
    }

    @Override
    public Optional<VirtualMachine> vmByHypervisorId(String hostId, String hypervisorId) {
        return tx.inTransaction("reading a virtual machine", c -> vms.findByHypervisorId(c, hostId, hypervisorId));
    }

    @Override
    public VirtualMachine createVm(String id, String hostId, String hypervisorId, VmSpec spec, VmState state,
                                  boolean managed, String principal) {
        return createVms(hostId, List.of(new NewVm(id, hypervisorId, spec, state, managed)), principal).get(0);
    }

    @Override
    public List<VirtualMachine> createVms(String hostId, List<NewVm> newVms, String principal) {
        for (NewVm vm : newVms) {
            require(vm.id(), "id");
            require(vm.hypervisorId(), "hypervisorId");
            requireSpec(vm.spec());
            if (vm.state() == null) {
                throw StrataException.invalid("state is required");
            }
        }
        return tx.inTransaction(newVms.size() == 1 ? "recording a virtual machine" : "recording virtual machines", c -> {
            StoredHost host = hosts.find(c, hostId)
                    .orElseThrow(() -> StrataException.invalid("host '" + hostId + "' does not exist"));
            // The same lock deleteHost takes: the host cannot vanish between this check and the insert.
            lockDatacenter(c, host.datacenterId());
            Instant now = Rows.now();
            List<VirtualMachine> created = new ArrayList<>(newVms.size());
            for (NewVm vm : newVms) {
                VirtualMachine record = VmDao.vm(vm.id(), hostId, vm.hypervisorId(), vm.spec().name(), vm.spec(),
                        vm.state(), vm.managed(), now, now);
                try {
                    vms.insert(c, record);
                } catch (SQLException e) {
                    throw conflictIfDuplicate(e, "virtual machine '" + vm.hypervisorId()
                            + "' is already recorded on host '" + host.name() + "'");
                }
                history.record(c, principal, VM, vm.id(), Action.CREATE, null, record);
                created.add(record);
            }
            return created;
        });
    }

    @Override
    public VirtualMachine updateVmSpec(String id, VmSpec spec, String principal) {
        requireSpec(spec);
        return tx.inTransaction("updating a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            VirtualMachine after = VmDao.vm(id, before.hostId(), before.hypervisorId(), spec.name(), spec,
                    before.state(), before.managed(), before.stateChanged(), before.created());
            vms.update(c, after);
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public VirtualMachine updateVmState(String id, VmState state) {
        if (state == null) {
            throw StrataException.invalid("state is required");
        }
        return tx.inTransaction("recording a virtual machine's state", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            if (before.state() == state) {
                return before;
            }
            VirtualMachine after = VmDao.vm(id, before.hostId(), before.hypervisorId(), before.name(),
                    before.spec(), state, before.managed(), Rows.now(), before.created());
            vms.update(c, after);
            return after;
        });
    }

    @Override
    public VirtualMachine moveVm(String id, String targetHostId, String principal) {
        require(targetHostId, "targetHostId");
        return tx.inTransaction("moving a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            StoredHost target = hosts.find(c, targetHostId)
                    .orElseThrow(() -> StrataException.invalid("host '" + targetHostId + "' does not exist"));
            lockDatacenter(c, target.datacenterId());
            VirtualMachine after = VmDao.vm(id, targetHostId, before.hypervisorId(), before.name(), before.spec(),
                    before.state(), before.managed(), before.stateChanged(), before.created());
            try {
                vms.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "virtual machine '" + before.hypervisorId()
                        + "' is already recorded on host '" + target.name() + "'");
            }
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteVm(String id, String principal) {
        tx.inTransaction("removing a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            vms.delete(c, id);
            history.record(c, principal, VM, id, Action.DELETE, before, null);
            return null;
        });
    }

    private static void requireSpec(VmSpec spec) {
        if (spec == null) {
            throw StrataException.invalid("a virtual machine spec is required");
        }
        require(spec.name(), "name");
    }

    // ---- history, events, tasks

    @Override
    public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
        return tx.inTransaction("reading the history", c -> history.page(c, entityType, entityId, page));
    }

    @Override
    public Event appendEvent(Event.Severity severity, String type, String subjectType, String subjectId,
                             String message) {
        if (severity == null) {
            throw StrataException.invalid("severity is required");
        }
        require(type, "type");
        return tx.inTransaction("recording an event",
                c -> events.insert(c, Rows.now(), severity, type, subjectType, subjectId, message));
    }

    @Override
    public List<Event> appendEvents(List<NewEvent> drafts) {
        for (NewEvent e : drafts) {
            if (e.severity() == null) {
                throw StrataException.invalid("severity is required");
            }
            require(e.type(), "type");
        }
        return tx.inTransaction("recording events", c -> {
            Instant now = Rows.now();
            List<Event> recorded = new ArrayList<>(drafts.size());
            for (NewEvent e : drafts) {
                recorded.add(events.insert(c, now, e.severity(), e.type(), e.subjectType(), e.subjectId(),
                        e.message()));
            }
            return List.copyOf(recorded);
        });
    }

    @Override
    public Page<Event> events(String subjectId, PageRequest page) {
        return tx.inTransaction("listing events", c -> events.page(c, subjectId, page));
    }

    @Override
    public List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
        if (limit < 1 || limit > EventService.MAX_AFTER_LIMIT) {
            throw StrataException.invalid("limit must be between 1 and " + EventService.MAX_AFTER_LIMIT
                    + ", was " + limit);
        }
        EventFilter f = filter == null ? EventFilter.ALL : filter;
        return tx.inTransaction("reading events after an id", c -> events.after(c, Math.max(afterId, 0), f, limit));
    }

    @Override
    public void saveTask(Task task) {
        require(task.id(), "id");
        require(task.operation(), "operation");
        if (task.state() == null || task.created() == null) {
            throw StrataException.invalid("a task needs a state and a creation time");
        }
        tx.inTransaction("saving a task", c -> {
            if (tasks.exists(c, task.id())) {
                tasks.update(c, task);
            } else {
                tasks.insert(c, task);
            }
            return null;
        });
    }

    @Override
    public Optional<Task> task(String id) {
        return tx.inTransaction("reading a task", c -> tasks.find(c, id));
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        return tx.inTransaction("listing tasks", c -> tasks.page(c, state, page));
    }

    @Override
    public int failUnfinishedTasks(String message) {
        return tx.inTransaction("failing unfinished tasks", c -> tasks.failUnfinished(c, message, Rows.now()));
    }

    // ---- shared checks

    private void lockDatacenter(Connection c, String datacenterId) throws SQLException {
        if (datacenters.lock(c, datacenterId).isEmpty()) {
            throw StrataException.invalid("datacenter '" + datacenterId + "' does not exist");
        }
    }

    /** A unique violation becomes the given CONFLICT; anything else is passed on as the failure it is. */
    private static SQLException conflictIfDuplicate(SQLException e, String conflictMessage) {
        if (SqlErrors.isUniqueViolation(e)) {
            throw StrataException.conflict(conflictMessage);
        }
        return e;
    }

    private static void require(String value, String field) {
        if (!hasText(value)) {
            throw StrataException.invalid(field + " is required");
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean isEmpty(String password) {
        return password == null || password.isEmpty();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}

package org.strata.repository.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.ConfigRepository;
import org.strata.repository.DatacenterStore;
import org.strata.repository.EventStore;
import org.strata.repository.HistoryStore;
import org.strata.repository.HostStore;
import org.strata.repository.MachineIdentity;
import org.strata.repository.MachineStore;
import org.strata.repository.NewEvent;
import org.strata.repository.NewVm;
import org.strata.repository.RepositoryHealth;
import org.strata.repository.RepositoryState;
import org.strata.repository.StoredHost;
import org.strata.repository.StoredMachine;
import org.strata.repository.TaskStore;
import org.strata.repository.VmStore;

/**
 * The configuration repository over plain JDBC: construction opens a connection pool, migrates the schema and
 * builds one store per aggregate ({@link JdbcDatacenterStore}, {@link JdbcHostStore}, {@link JdbcMachineStore},
 * {@link JdbcVmStore}, {@link JdbcHistoryStore}, {@link JdbcEventStore}, {@link JdbcTaskStore},
 * {@link JdbcRepositoryState}) over the one connection pool, {@link Transactions} helper and secret cipher;
 * {@link #close()} closes the pool. {@link RepositoryComponent} registers each store as the service of its
 * interface.
 *
 * <p>Each write is one transaction of one store that changes the rows and records its history entries. Whatever
 * only the database can check atomically is checked inside that transaction: names by unique constraints,
 * references and emptiness by queries made while holding a row lock on the datacenter concerned.
 *
 * <p>This class is also all the stores at once ({@link ConfigRepository}, each method handed to its store), for
 * code that opens a repository outside OSGi: tests and benchmarks.
 */
public class JdbcConfigRepository implements ConfigRepository, AutoCloseable {

    private final HikariDataSource dataSource;
    private final DatacenterStore datacenters;
    private final HostStore hosts;
    private final MachineStore machines;
    private final VmStore vms;
    private final HistoryStore history;
    private final EventStore events;
    private final TaskStore tasks;
    private final RepositoryState repositoryState;
    private final org.strata.repository.ClusterStore clusters;
    private final org.strata.repository.TenantStore tenants;
    private final org.strata.repository.AffinityStore affinity;
    private final org.strata.repository.UsageStore usage;
    private final org.strata.repository.VolumeStore volumes;
    private final org.strata.repository.HaStore ha;
    private final org.strata.repository.OsStore os;
    private final org.strata.repository.PatchStore patch;

    /**
     * Opens the database and brings its schema up to date.
     *
     * @param keyFile the file holding the key that encrypts host passwords; created on first use
     * @throws RepositoryUnusableException when an existing embedded database is damaged or not Strata's
     * @throws StrataException INTERNAL when the database cannot be reached or migrated
     */
    public JdbcConfigRepository(DatabaseSettings settings, Path keyFile) {
        this(OpenDatabase.open(settings), keyFile);
    }

    JdbcConfigRepository(OpenDatabase database, Path keyFile) {
        this.dataSource = database.pool();
        SecretCipher cipher = new SecretCipher(keyFile);
        DatabaseFailures failures = new DatabaseFailures(dataSource);
        // One helper for every store: whichever store's transaction finds the database broken, the health sees it.
        Transactions tx = new Transactions(dataSource, failures);
        JsonSnapshots json = new JsonSnapshots();
        DatacenterDao datacenterRows = new DatacenterDao();
        PoolDao poolRows = new PoolDao();
        HostDao hostRows = new HostDao();
        VmDao vmRows = new VmDao(json);
        MachineDao machineRows = new MachineDao();
        HistoryDao historyRows = new HistoryDao(json);
        this.datacenters = new JdbcDatacenterStore(tx, datacenterRows, poolRows, historyRows);
        this.hosts = new JdbcHostStore(
                tx, hostRows, datacenterRows, poolRows, vmRows, machineRows, historyRows, cipher, json);
        this.machines = new JdbcMachineStore(tx, machineRows, hostRows, datacenterRows, poolRows, historyRows, cipher);
        EventDao eventRows = new EventDao();
        this.vms = new JdbcVmStore(tx, vmRows, hostRows, datacenterRows, historyRows, eventRows);
        this.history = new JdbcHistoryStore(tx, historyRows);
        this.events = new JdbcEventStore(tx, eventRows);
        this.tasks = new JdbcTaskStore(tx, new TaskDao());
        this.repositoryState = new JdbcRepositoryState(tx, failures, database.createdNew());
        this.clusters = new JdbcClusterStore(tx, new ClusterDao(json), datacenterRows, hostRows, historyRows);
        this.tenants = new JdbcTenantStore(tx, new TenantDao(), historyRows);
        this.affinity = new JdbcAffinityStore(tx, new AffinityDao(json), historyRows);
        this.usage = new JdbcUsageStore(tx);
        this.volumes = new JdbcVolumeStore(tx);
        this.ha = new JdbcHaStore(tx, new HaDao(), historyRows);
        this.os = new JdbcOsStore(tx, historyRows, cipher, json);
        this.patch = new JdbcPatchStore(tx, historyRows);
    }

    /** The datacenter layer's clusters, a store of its own beside this one (benchmarks take it from here). */
    public org.strata.repository.ClusterStore clusterStore() {
        return clusters;
    }

    /** The datacenter layer's tenants, a store of its own beside this one. */
    public org.strata.repository.TenantStore tenantStore() {
        return tenants;
    }

    /** The datacenter layer's affinity groups, a store of its own beside this one. */
    public org.strata.repository.AffinityStore affinityStore() {
        return affinity;
    }

    /** The usage samples' store: public for benchmarks that open a repository outside OSGi. */
    public org.strata.repository.UsageStore usageStore() {
        return usage;
    }

    /** The storage hosts' volumes as last seen: public for core's tests and benchmarks outside OSGi. */
    public org.strata.repository.VolumeStore volumeStore() {
        return volumes;
    }

    /** High availability's settings, host states and failovers: public for tests and benchmarks outside OSGi. */
    public org.strata.repository.HaStore haStore() {
        return ha;
    }

    /** The OS layer's images, install trees and provisionings, a store of its own beside this one. */
    public org.strata.repository.OsStore osStore() {
        return os;
    }

    /** Patching's repositories, baselines, software reads and verdicts, a store of its own beside this one. */
    public org.strata.repository.PatchStore patchStore() {
        return patch;
    }

    DatacenterStore datacenterStore() {
        return datacenters;
    }

    HostStore hostStore() {
        return hosts;
    }

    MachineStore machineStore() {
        return machines;
    }

    VmStore vmStore() {
        return vms;
    }

    HistoryStore historyStore() {
        return history;
    }

    EventStore eventStore() {
        return events;
    }

    TaskStore taskStore() {
        return tasks;
    }

    RepositoryState repositoryState() {
        return repositoryState;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    // ---- the repository itself

    @Override
    public boolean createdNow() {
        return repositoryState.createdNow();
    }

    @Override
    public boolean demoSeedPending() {
        return repositoryState.demoSeedPending();
    }

    @Override
    public void demoSeedDone() {
        repositoryState.demoSeedDone();
    }

    @Override
    public RepositoryHealth health() {
        return repositoryState.health();
    }

    // ---- datacenters and pools

    @Override
    public Page<Datacenter> datacenters(PageRequest page) {
        return datacenters.datacenters(page);
    }

    @Override
    public Optional<Datacenter> datacenter(String id) {
        return datacenters.datacenter(id);
    }

    @Override
    public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
        return datacenters.createDatacenter(spec, principal);
    }

    @Override
    public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
        return datacenters.updateDatacenter(id, spec, principal);
    }

    @Override
    public void deleteDatacenter(String id, String principal) {
        datacenters.deleteDatacenter(id, principal);
    }

    @Override
    public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
        return datacenters.pools(datacenterId, page);
    }

    @Override
    public Optional<ResourcePool> pool(String id) {
        return datacenters.pool(id);
    }

    @Override
    public ResourcePool createPool(PoolSpec spec, String principal) {
        return datacenters.createPool(spec, principal);
    }

    @Override
    public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
        return datacenters.updatePool(id, spec, principal);
    }

    @Override
    public void deletePool(String id, String principal) {
        datacenters.deletePool(id, principal);
    }

    // ---- hosts

    @Override
    public Page<StoredHost> hosts(String datacenterId, PageRequest page) {
        return hosts.hosts(datacenterId, page);
    }

    @Override
    public Optional<StoredHost> host(String id) {
        return hosts.host(id);
    }

    @Override
    public List<StoredHost> hostsOfDriver(String driverId) {
        return hosts.hostsOfDriver(driverId);
    }

    @Override
    public Map<String, Integer> hostCountsByDriver() {
        return hosts.hostCountsByDriver();
    }

    @Override
    public int recordHostKinds(String driverId, HostKind kind) {
        return hosts.recordHostKinds(driverId, kind);
    }

    @Override
    public StoredHost createHost(HostSpec spec, String principal) {
        return hosts.createHost(spec, principal);
    }

    @Override
    public StoredHost updateHost(String id, HostSpec spec, String principal) {
        return hosts.updateHost(id, spec, principal);
    }

    @Override
    public void deleteHost(String id, String principal) {
        hosts.deleteHost(id, principal);
    }

    @Override
    public void updateHostInfo(String id, HostInfo info) {
        hosts.updateHostInfo(id, info);
    }

    @Override
    public Optional<HostInfo> hostInfo(String id) {
        return hosts.hostInfo(id);
    }

    @Override
    public Map<String, HostInfo> hostInfos(Collection<String> hostIds) {
        return hosts.hostInfos(hostIds);
    }

    @Override
    public char[] hostPassword(String id) {
        return hosts.hostPassword(id);
    }

    // ---- bare-metal machines

    @Override
    public Optional<StoredMachine> machine(String hostId) {
        return machines.machine(hostId);
    }

    @Override
    public Optional<StoredMachine> machineByGuid(String guid) {
        return machines.machineByGuid(guid);
    }

    @Override
    public List<StoredMachine> machines() {
        return machines.machines();
    }

    @Override
    public StoredHost createMachine(HostSpec spec, MachineIdentity identity, String principal) {
        return machines.createMachine(spec, identity, principal);
    }

    @Override
    public StoredMachine recordMachineIdentity(String hostId, MachineIdentity identity) {
        return machines.recordMachineIdentity(hostId, identity);
    }

    @Override
    public StoredHost moveMachine(String guid, String address, MachineIdentity identity, String principal) {
        return machines.moveMachine(guid, address, identity, principal);
    }

    // ---- virtual machines

    @Override
    public Page<VirtualMachine> vms(String hostId, PageRequest page) {
        return vms.vms(hostId, page);
    }

    @Override
    public Set<String> vmIds() {
        return vms.vmIds();
    }

    @Override
    public List<VirtualMachine> vmsOfHost(String hostId) {
        return vms.vmsOfHost(hostId);
    }

    @Override
    public Optional<Event> changeVmState(String id, VmState state, NewEvent event) {
        return vms.changeVmState(id, state, event);
    }

    @Override
    public Map<String, String> vmIdsByHypervisorId(String hostId) {
        return vms.vmIdsByHypervisorId(hostId);
    }

    @Override
    public boolean hasVmNamed(String hostId, String name) {
        return vms.hasVmNamed(hostId, name);
    }

    @Override
    public Optional<VirtualMachine> vm(String id) {
        return vms.vm(id);
    }

    @Override
    public Optional<VirtualMachine> vmByHypervisorId(String hostId, String hypervisorId) {
        return vms.vmByHypervisorId(hostId, hypervisorId);
    }

    @Override
    public VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            VmSpec spec,
            VmState state,
            boolean managed,
            String principal) {
        return vms.createVm(id, hostId, hypervisorId, spec, state, managed, principal);
    }

    @Override
    public VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            String poolId,
            VmSpec spec,
            VmState state,
            boolean managed,
            String principal) {
        return vms.createVm(id, hostId, hypervisorId, poolId, spec, state, managed, principal);
    }

    @Override
    public Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page) {
        return vms.vmsInPools(poolIds, page);
    }

    @Override
    public List<VirtualMachine> vmsOfPool(String poolId) {
        return vms.vmsOfPool(poolId);
    }

    @Override
    public List<VirtualMachine> vmsOfCluster(String clusterId) {
        return vms.vmsOfCluster(clusterId);
    }

    @Override
    public List<VirtualMachine> vmsOfHosts(java.util.Collection<String> hostIds) {
        return vms.vmsOfHosts(hostIds);
    }

    @Override
    public VirtualMachine setVmPool(String id, String poolId, String principal) {
        return vms.setVmPool(id, poolId, principal);
    }

    @Override
    public List<ResourcePool> allPools() {
        return datacenters.allPools();
    }

    @Override
    public List<VirtualMachine> createVms(String hostId, List<NewVm> newVms, String principal) {
        return vms.createVms(hostId, newVms, principal);
    }

    @Override
    public VirtualMachine updateVmSpec(String id, VmSpec spec, String principal) {
        return vms.updateVmSpec(id, spec, principal);
    }

    @Override
    public VirtualMachine updateVmState(String id, VmState state) {
        return vms.updateVmState(id, state);
    }

    @Override
    public Optional<VmState> changeVmState(String id, VmState state) {
        return vms.changeVmState(id, state);
    }

    @Override
    public VirtualMachine moveVm(String id, String targetHostId, String principal) {
        return vms.moveVm(id, targetHostId, principal);
    }

    @Override
    public void deleteVm(String id, String principal) {
        vms.deleteVm(id, principal);
    }

    @Override
    public VirtualMachine setTemplate(String id, boolean template, String principal) {
        return vms.setTemplate(id, template, principal);
    }

    @Override
    public List<VirtualMachine> linkedClonesOf(String id) {
        return vms.linkedClonesOf(id);
    }

    // ---- history, events, tasks

    @Override
    public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
        return history.history(entityType, entityId, page);
    }

    @Override
    public Event appendEvent(
            Event.Severity severity, String type, String subjectType, String subjectId, String message) {
        return events.appendEvent(severity, type, subjectType, subjectId, message);
    }

    @Override
    public List<Event> appendEvents(List<NewEvent> drafts) {
        return events.appendEvents(drafts);
    }

    @Override
    public Page<Event> events(String subjectId, PageRequest page) {
        return events.events(subjectId, page);
    }

    @Override
    public List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
        return events.eventsAfter(afterId, filter, limit);
    }

    @Override
    public void saveTask(Task task) {
        tasks.saveTask(task);
    }

    @Override
    public Optional<Task> task(String id) {
        return tasks.task(id);
    }

    @Override
    public Page<Task> tasks(TaskState state, PageRequest page) {
        return tasks.tasks(state, page);
    }

    @Override
    public int failUnfinishedTasks(String message) {
        return tasks.failUnfinishedTasks(message);
    }
}

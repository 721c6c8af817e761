package org.strata.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.strata.api.Datacenter;
import org.strata.api.DatacenterSpec;
import org.strata.api.Event;
import org.strata.api.EventFilter;
import org.strata.api.HistoryEntry;
import org.strata.api.HostInfo;
import org.strata.api.HostKind;
import org.strata.api.HostSpec;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.PoolSpec;
import org.strata.api.ResourcePool;
import org.strata.api.Task;
import org.strata.api.TaskState;
import org.strata.api.VirtualMachine;
import org.strata.api.VmSpec;
import org.strata.api.VmState;

/**
 * Strata's configuration repository. Each write method is one database transaction that changes the
 * object and records one {@link HistoryEntry} (who, when, before, after); if anything fails, nothing is
 * written. Methods throw {@link org.strata.api.StrataException}: NOT_FOUND for a missing object,
 * INVALID_INPUT for a reference to a missing object, CONFLICT for a duplicate name or an object still in use,
 * INTERNAL when the database fails.
 *
 * <p>Callers validate the shape of specs (names present, lengths); the repository checks what only the
 * database can check atomically: references, uniqueness and emptiness.
 */
public interface ConfigRepository {

    // Datacenters: names are unique.
    Page<Datacenter> datacenters(PageRequest page);

    Optional<Datacenter> datacenter(String id);

    Datacenter createDatacenter(DatacenterSpec spec, String principal);

    Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal);

    /** CONFLICT while it holds pools or hosts. */
    void deleteDatacenter(String id, String principal);

    // Pools: names are unique among siblings; the parent is in the same datacenter; no cycles.
    Page<ResourcePool> pools(String datacenterId, PageRequest page);

    Optional<ResourcePool> pool(String id);

    ResourcePool createPool(PoolSpec spec, String principal);

    /** The datacenter of a pool cannot change. */
    ResourcePool updatePool(String id, PoolSpec spec, String principal);

    /** CONFLICT while it holds child pools or hosts. */
    void deletePool(String id, String principal);

    // Hosts: names are unique; the pool, when given, is in the host's datacenter; a named BMC (bmcHostId) is
    // another existing host (INVALID_INPUT otherwise) -- whether it is a bare-metal machine is core's check.
    Page<StoredHost> hosts(String datacenterId, PageRequest page);

    Optional<StoredHost> host(String id);

    List<StoredHost> hostsOfDriver(String driverId);

    /** How many hosts name each driver id, in one query (for the health check). */
    Map<String, Integer> hostCountsByDriver();

    /**
     * Records {@code kind} for every host of that driver whose kind is not known (hosts recorded before kinds were
     * stored, whose driver id the schema migration could not tell). Known kinds are left as they are. Called when
     * the driver runs, since its descriptor then says what its hosts are. A fact filled in, not a change anyone made:
     * no history entry.
     *
     * @return how many hosts got their kind
     */
    int recordHostKinds(String driverId, HostKind kind);

    /**
     * Stores the password encrypted; history records only whether a password is set. The spec's kind is stored as
     * given (callers decide it; null only where it cannot be told).
     */
    StoredHost createHost(HostSpec spec, String principal);

    /** A null password in the spec keeps the stored one; a null kind keeps the stored kind. */
    StoredHost updateHost(String id, HostSpec spec, String principal);

    /**
     * Removes a host. A host that still holds VMs Strata defined ({@code managed}) is a CONFLICT, as in
     * CloudStack and oVirt: those VMs are configuration someone made here, to be deleted or migrated first.
     * VMs that were only discovered on the host ({@code managed = false}) are observations of it and go
     * with it, in the same transaction, each with its own DELETE history entry. A host that other hosts name
     * as their BMC is a CONFLICT naming them.
     */
    void deleteHost(String id, String principal);

    /**
     * Replaces what the host reported at its last contact. Not configuration but an observation, rewritten
     * at every successful contact: no history entry, and the host's history snapshots never include it.
     * NOT_FOUND when the host is gone.
     */
    void updateHostInfo(String id, HostInfo info);

    /** What the host reported at its last contact; empty before the first (or when there is no such host). */
    Optional<HostInfo> hostInfo(String id);

    /**
     * What each of these hosts reported at its last contact, by host id, in one query (a list page must not ask
     * host by host); hosts without a report, or unknown, are absent.
     */
    Map<String, HostInfo> hostInfos(Collection<String> hostIds);

    /** The decrypted password of a host, for handing to its driver; empty array when none is set. */
    char[] hostPassword(String id);

    // Bare-metal machines: a host (driver a hardware driver, address the BMC's "host:port") plus what its BMC
    // says of it. The GUID is unique: a machine seen again is matched by it, never added twice.

    Optional<StoredMachine> machine(String hostId);

    Optional<StoredMachine> machineByGuid(String guid);

    /** Every machine, ordered by GUID. */
    List<StoredMachine> machines();

    /**
     * Adds a machine found by discovery: its host (of kind MACHINE; password encrypted, as {@link #createHost}) and
     * its machine row, in one transaction with one history entry (the host's CREATE). CONFLICT when the GUID or the host's
     * name is taken; INVALID_INPUT for a missing datacenter or pool.
     */
    StoredHost createMachine(HostSpec spec, MachineIdentity identity, String principal);

    /**
     * Records what a machine's BMC said of itself now (vendor, product, firmware; the GUID may not change to
     * one another machine has: CONFLICT). An observation: no history entry. NOT_FOUND when the host is not a
     * machine.
     */
    StoredMachine recordMachineIdentity(String hostId, MachineIdentity identity);

    /**
     * The machine with that GUID answered at another address: moves its host there and records the identity,
     * with one history entry (the host's UPDATE), or none when the address is unchanged. NOT_FOUND when no
     * machine has that GUID.
     */
    StoredHost moveMachine(String guid, String address, MachineIdentity identity, String principal);

    // Virtual machines: the hypervisor id is unique per host. History entries have entity type "vm".

    /** VMs ordered by name then id, all or those of one host ({@code hostId} may be null); paged by the database. */
    Page<VirtualMachine> vms(String hostId, PageRequest page);

    /** The ids of every VM, and nothing else of them: for dropping what is kept in memory of VMs that are gone. */
    Set<String> vmIds();

    /** Every VM of a host, ordered by name then id; for reconciling a host against what it reports. */
    List<VirtualMachine> vmsOfHost(String hostId);

    Optional<VirtualMachine> vm(String id);

    Optional<VirtualMachine> vmByHypervisorId(String hostId, String hypervisorId);

    /**
     * Records a VM. Its name is the spec's. INVALID_INPUT for a missing host; CONFLICT when the id, or the
     * hypervisor id on that host, is taken.
     *
     * @param managed true when Strata defined it, false when it was found on the host
     */
    VirtualMachine createVm(String id, String hostId, String hypervisorId, VmSpec spec, VmState state,
                            boolean managed, String principal);

    /**
     * Records several VMs of one host in one transaction, one history entry each, as {@link #createVm} would one
     * by one: for a host whose VMs are all found at once (a host just added), one commit instead of one per VM.
     * INVALID_INPUT for a missing host; CONFLICT when any id or hypervisor id is taken, and then none is recorded.
     *
     * @return the VMs as recorded, in the order given
     */
    List<VirtualMachine> createVms(String hostId, List<NewVm> vms, String principal);

    /** Replaces a VM's spec (and so its name). One history entry. */
    VirtualMachine updateVmSpec(String id, VmSpec spec, String principal);

    /**
     * Records a power state the hypervisor reported. Live state, not configuration: no history entry (state
     * changes are events). {@code stateChanged} moves only when the state differs.
     */
    VirtualMachine updateVmState(String id, VmState state);

    /** Moves a VM to another host after a migration; one history entry. INVALID_INPUT for a missing host. */
    VirtualMachine moveVm(String id, String targetHostId, String principal);

    void deleteVm(String id, String principal);

    // History, newest first; filters may be null.
    Page<HistoryEntry> history(String entityType, String entityId, PageRequest page);

    // Events, newest first.
    Event appendEvent(Event.Severity severity, String type, String subjectType, String subjectId, String message);

    /** Appends several events in one transaction, in the order given (each gets the next id); returns them. */
    List<Event> appendEvents(List<NewEvent> events);

    Page<Event> events(String subjectId, PageRequest page);

    /** Events with an id above {@code afterId} that pass {@code filter}, ascending by id, at most {@code limit}. */
    List<Event> eventsAfter(long afterId, EventFilter filter, int limit);

    // Tasks, newest first.
    /** Inserts or replaces a task by id. */
    void saveTask(Task task);

    Optional<Task> task(String id);

    Page<Task> tasks(TaskState state, PageRequest page);

    /**
     * Marks every task still QUEUED or RUNNING as FAILED with the given message. Called once at start-up,
     * so that work cut short by a crash or a restart is shown as such instead of as running forever.
     */
    int failUnfinishedTasks(String message);

    // The repository itself.

    /** True when this start created the repository (an embedded file made now, or a server schema made empty). */
    boolean createdNow();

    /**
     * True while a repository that Strata created new has not yet been offered the demo datacenter. Recorded when
     * the repository is created, so that a repository that is merely empty (everything deleted, or a damaged
     * file) is never seeded.
     */
    boolean demoSeedPending();

    /** Records that the demo datacenter was offered (made or declined): it never will be again. */
    void demoSeedDone();

    /**
     * Whether the repository can be used now. After a write failed because of the database or its disk, this
     * tries a write of its own, so that it reports the repository up again as soon as it can be written.
     */
    RepositoryHealth health();
}

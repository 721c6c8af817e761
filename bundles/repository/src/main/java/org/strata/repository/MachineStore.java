package org.strata.repository;

import java.util.List;
import java.util.Optional;
import org.strata.api.inventory.HostSpec;

/**
 * Bare-metal machines: a host plus what its BMC says of it.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface MachineStore {

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
}

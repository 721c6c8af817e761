package org.strata.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;

/**
 * Hosts of every kind: their configuration, their encrypted password and what they reported at their last contact.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface HostStore {

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
}

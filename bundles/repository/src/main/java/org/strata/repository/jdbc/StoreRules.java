package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.strata.api.StrataException;
import org.strata.api.inventory.ResourcePool;
import org.strata.repository.NewEvent;

/**
 * What the JDBC stores check alike: required fields, unique names, and, inside a write's transaction, the
 * datacenter lock and the pool a host goes into. Shared so that a host added as a machine obeys the same rules as
 * one added as a host.
 */
final class StoreRules {

    /** Entity types of history entries. */
    static final String DATACENTER = "datacenter";

    static final String POOL = "pool";
    static final String HOST = "host";
    static final String VM = "vm";
    static final String CLUSTER = "cluster";
    static final String TENANT = "tenant";

    private StoreRules() {}

    /**
     * Row-locks an existing datacenter, INVALID_INPUT when there is none. Every write that adds to or removes from
     * what a datacenter holds takes this lock first, whichever store makes it, so that their checks (emptiness, the
     * pool tree, a host that still exists) cannot race one another.
     */
    static void lockDatacenter(Connection c, DatacenterDao datacenters, String datacenterId) throws SQLException {
        if (datacenters.lock(c, datacenterId).isEmpty()) {
            throw StrataException.invalid("datacenter '" + datacenterId + "' does not exist");
        }
    }

    /** The pool a host is placed in, when one is named, exists and is in the host's datacenter. */
    static void checkHostPool(Connection c, PoolDao pools, String datacenterId, String poolId) throws SQLException {
        if (poolId == null) {
            return;
        }
        ResourcePool pool = pools.find(c, poolId)
                .orElseThrow(() -> StrataException.invalid("pool '" + poolId + "' does not exist"));
        if (!pool.datacenterId().equals(datacenterId)) {
            throw StrataException.invalid("pool '" + pool.name() + "' is not in the host's datacenter");
        }
    }

    /** A unique violation becomes the given CONFLICT; anything else is passed on as the failure it is. */
    static SQLException conflictIfDuplicate(SQLException e, String conflictMessage) {
        if (SqlErrors.isUniqueViolation(e)) {
            throw StrataException.conflict(conflictMessage);
        }
        return e;
    }

    /** A broken foreign key becomes the given INVALID_INPUT; anything else is passed on as the failure it is. */
    static SQLException invalidIfReferenceMissing(SQLException e, String message) {
        if (SqlErrors.isForeignKeyViolation(e)) {
            throw StrataException.invalid(message);
        }
        return e;
    }

    static void require(String value, String field) {
        if (!hasText(value)) {
            throw StrataException.invalid(field + " is required");
        }
    }

    /** What every appended event must have: a severity and a type. */
    static void requireEvent(NewEvent event) {
        if (event == null || event.severity() == null) {
            throw StrataException.invalid("an event with a severity is required");
        }
        require(event.type(), "type");
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    static boolean isEmpty(String password) {
        return password == null || password.isEmpty();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}

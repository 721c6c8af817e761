package org.strata.core.inventory;

import java.util.regex.Pattern;
import org.strata.api.StrataException;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;

/**
 * Checks the shape of what callers send, before anything is written. Public so that the web service's tests can
 * hold the OpenAPI document to these very checks; the bundle exports none of its packages.
 */
public final class Validation {

    private static final int NAME_MAX = 200;
    private static final int TEXT_MAX = 2000;
    /** The repository's host.address column: a longer address passed here and then failed in the database. */
    private static final int ADDRESS_MAX = 1024;

    private static final int ID_MAX = 64;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._()-]*");
    /** No separator (space of any kind) and no control character: what openapi.json states for an id. */
    private static final Pattern ID = Pattern.compile("[^\\p{Z}\\p{Cc}]{1," + ID_MAX + "}");

    private Validation() {}

    public static DatacenterSpec datacenter(DatacenterSpec spec) {
        required(spec, "datacenter");
        return new DatacenterSpec(name(spec.name(), "name"), text(spec.description(), "description"));
    }

    public static PoolSpec pool(PoolSpec spec) {
        required(spec, "pool");
        if (spec.cpuLimit() != null && spec.cpuLimit() < 1) {
            throw StrataException.invalid("cpuLimit must be 1 or more, or absent for no limit");
        }
        if (spec.memoryLimitMb() != null && spec.memoryLimitMb() < 1) {
            throw StrataException.invalid("memoryLimitMb must be 1 or more, or absent for no limit");
        }
        positiveOrNull(spec.cpuShares(), "cpuShares");
        positiveOrNull(spec.memoryShares(), "memoryShares");
        if (spec.cpuReservation() != null && spec.cpuReservation() < 0) {
            throw StrataException.invalid("cpuReservation cannot be negative");
        }
        if (spec.memoryReservationMb() != null && spec.memoryReservationMb() < 0) {
            throw StrataException.invalid("memoryReservationMb cannot be negative");
        }
        return new PoolSpec(
                id(spec.datacenterId(), "datacenterId"),
                optionalId(spec.parentId(), "parentId"),
                name(spec.name(), "name"),
                text(spec.description(), "description"),
                spec.cpuLimit(),
                spec.memoryLimitMb(),
                optionalId(spec.clusterId(), "clusterId"),
                optionalId(spec.tenantId(), "tenantId"),
                spec.cpuShares(),
                spec.memoryShares(),
                spec.cpuReservation(),
                spec.memoryReservationMb(),
                spec.expandable());
    }

    /** Shares weigh against each other: 1 to 1,000,000 (vSphere's own range for custom shares). */
    private static void positiveOrNull(Integer shares, String field) {
        if (shares != null && (shares < 1 || shares > 1_000_000)) {
            throw StrataException.invalid(field + " must be 1 to 1000000, or absent for the default (4000)");
        }
    }

    public static HostSpec host(HostSpec spec) {
        required(spec, "host");
        String address = spec.address() == null ? null : spec.address().strip();
        if (address == null || address.isEmpty()) {
            throw StrataException.invalid("address is required");
        }
        if (address.length() > ADDRESS_MAX || address.chars().anyMatch(Character::isISOControl)) {
            throw StrataException.invalid("address must be at most " + ADDRESS_MAX + " printable characters");
        }
        String user = spec.username() == null || spec.username().isBlank()
                ? null
                : spec.username().strip();
        if (user != null && user.length() > NAME_MAX) {
            throw StrataException.invalid("username must be at most " + NAME_MAX + " characters");
        }
        if (spec.password() != null && spec.password().length() > 1024) {
            throw StrataException.invalid("password must be at most 1024 characters");
        }
        return new HostSpec(
                name(spec.name(), "name"),
                id(spec.datacenterId(), "datacenterId"),
                optionalId(spec.poolId(), "poolId"),
                id(spec.driverId(), "driverId"),
                address,
                user,
                spec.password(),
                optionalId(spec.bmcHostId(), "bmcHostId"),
                spec.kind());
    }

    public static String id(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid(field + " is required");
        }
        return optionalId(value, field);
    }

    private static String optionalId(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!ID.matcher(value).matches()) {
            throw StrataException.invalid(field + " is not a valid id: '" + abbreviate(value) + "'");
        }
        return value;
    }

    private static String name(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid(field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > NAME_MAX) {
            throw StrataException.invalid(field + " must be at most " + NAME_MAX + " characters");
        }
        if (!NAME.matcher(trimmed).matches()) {
            throw StrataException.invalid(field + " '" + abbreviate(trimmed)
                    + "' must start with a letter or digit and hold only letters, digits, spaces and . _ ( ) -");
        }
        return trimmed;
    }

    private static String text(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > TEXT_MAX) {
            throw StrataException.invalid(field + " must be at most " + TEXT_MAX + " characters");
        }
        return value;
    }

    private static void required(Object spec, String what) {
        if (spec == null) {
            throw StrataException.invalid("a " + what + " description is required");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}

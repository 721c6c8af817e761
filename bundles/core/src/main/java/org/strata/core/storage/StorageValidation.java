package org.strata.core.storage;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.strata.api.StrataException;

/**
 * Checks the names, sizes, formats and paths of storage requests before any backend is asked. Public so that the
 * web service's tests can hold the OpenAPI document to these very checks; the bundle exports none of its packages.
 */
public final class StorageValidation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    // vmdk: what ESX datastores hold (the esx-datastore driver makes thin VMDKs).
    private static final Set<String> FORMATS = Set.of("qcow2", "raw", "vmdk");
    private static final Set<String> SOURCE_FORMATS = Set.of("vmdk", "vhdx", "vpc", "qcow2", "raw");
    /** 64 TiB, in MiB: qcow2's own limit, and well past any single volume we expect. */
    static final long MAX_CAPACITY_MB = 64L * 1024 * 1024;
    private static final int MAX_PATH = 4096;

    private StorageValidation() {
    }

    /** A pool or volume name, as given: no path, so a volume made through the API is at its pool's root. */
    public static String name(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid(field + " is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw StrataException.invalid(field + " '" + abbreviate(value)
                    + "' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    /** The capacity in bytes. */
    public static long capacityBytes(long capacityMb) {
        if (capacityMb < 1 || capacityMb > MAX_CAPACITY_MB) {
            throw StrataException.invalid("capacityMb must be between 1 and " + MAX_CAPACITY_MB + ", was "
                    + capacityMb);
        }
        return capacityMb << 20;
    }

    /** A volume format in lower case; qcow2 when absent. */
    public static String format(String value, String field) {
        return value == null || value.isBlank() ? "qcow2" : oneOf(value, FORMATS, field);
    }

    /** An image's format in lower case; null when absent, for the backend to detect. */
    public static String sourceFormat(String value) {
        return value == null || value.isBlank() ? null : oneOf(value, SOURCE_FORMATS, "sourceFormat");
    }

    /** An absolute path on the storage host, stripped; one that climbs out with "/../" is refused. */
    public static String sourcePath(String value) {
        String path = value == null ? "" : value.strip();
        if (!path.startsWith("/") || path.length() > MAX_PATH
                || path.chars().anyMatch(Character::isISOControl) || path.contains("/../")) {
            throw StrataException.invalid("sourcePath must be an absolute path to the image on the storage host");
        }
        return path;
    }

    private static String oneOf(String value, Set<String> allowed, String field) {
        String word = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(word)) {
            throw StrataException.invalid(field + " must be one of " + String.join(", ", allowed.stream().sorted()
                    .toList()) + ", was '" + abbreviate(value) + "'");
        }
        return word;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}

package org.strata.core.storage;

import java.util.Locale;
import java.util.regex.Pattern;
import org.strata.api.StrataException;

/**
 * The generic checks of storage requests, made before any backend is asked: names present, of sane length and
 * printable, sizes in range, formats words, paths absolute. What a backend takes (its formats, its rules for pool
 * and volume names) is its driver's to say: {@link org.strata.core.drivers.DriverVocabulary} holds a request to it
 * once the host is known. Public so that the web service's tests can hold the OpenAPI document to these very
 * checks; the bundle exports none of its packages.
 */
public final class StorageValidation {

    /**
     * 1 to 255 characters, none of them a control character or '/' (a name is one segment of a REST path), no
     * space at either end, and not "." or "..". Kept in step with openapi.json's pool and volume name patterns.
     */
    static final String NAME_PATTERN = "(?!\\.\\.?$)[^ /\\p{Cc}](?:[^/\\p{Cc}]{0,253}[^ /\\p{Cc}])?";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,31}");
    /** 64 TiB, in MiB: well past any single volume we expect; beyond it a typo is likelier. */
    static final long MAX_CAPACITY_MB = 64L * 1024 * 1024;

    private static final int MAX_PATH = 4096;

    private StorageValidation() {}

    /** A pool or volume name, as given: no path, so a volume made through the API is at its pool's root. */
    public static String name(String value, String field) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid(field + " is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw StrataException.invalid(field + " '" + abbreviate(value) + "' must be 1 to 255 characters without"
                    + " '/' or control characters, not starting or ending with a space, and not '.' or '..'");
        }
        return value;
    }

    /** The capacity in bytes. */
    public static long capacityBytes(long capacityMb) {
        if (capacityMb < 1 || capacityMb > MAX_CAPACITY_MB) {
            throw StrataException.invalid(
                    "capacityMb must be between 1 and " + MAX_CAPACITY_MB + ", was " + capacityMb);
        }
        return capacityMb << 20;
    }

    /** A volume format in lower case; null when absent, for the host's driver to choose. */
    public static String format(String value, String field) {
        return value == null || value.isBlank() ? null : word(value, field);
    }

    /** An image's format in lower case; null when absent, for the backend to detect. */
    public static String sourceFormat(String value) {
        return value == null || value.isBlank() ? null : word(value, "sourceFormat");
    }

    /** An absolute path on the storage host, stripped; one that climbs out with "/../" is refused. */
    public static String sourcePath(String value) {
        String path = value == null ? "" : value.strip();
        if (!path.startsWith("/")
                || path.length() > MAX_PATH
                || path.chars().anyMatch(Character::isISOControl)
                || path.contains("/../")) {
            throw StrataException.invalid("sourcePath must be an absolute path to the image on the storage host");
        }
        return path;
    }

    private static String word(String value, String field) {
        String word = value.strip().toLowerCase(Locale.ROOT);
        if (!WORD.matcher(word).matches()) {
            throw StrataException.invalid(field + " must be a word of 1 to 32 letters, digits, '.', '_', '+' or '-',"
                    + " starting with a letter or digit, was '" + abbreviate(value) + "'");
        }
        return word;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}

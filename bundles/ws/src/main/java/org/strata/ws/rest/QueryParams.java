package org.strata.ws.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;

/**
 * Parses query parameters by hand: JAX-RS's own conversion of a bad value (limit=abc) answers 404,
 * and its message would not name the parameter.
 */
final class QueryParams {

    private QueryParams() {}

    static PageRequest page(String offset, String limit) {
        Integer o = integer("offset", offset);
        Integer l = integer("limit", limit);
        if (o != null && o < 0) {
            throw StrataException.invalid("query parameter 'offset' must be 0 or more, was " + o);
        }
        if (l != null && (l < 1 || l > PageRequest.MAX_LIMIT)) {
            throw StrataException.invalid(
                    "query parameter 'limit' must be between 1 and " + PageRequest.MAX_LIMIT + ", was " + l);
        }
        return PageRequest.of(o, l);
    }

    /** Null when absent or empty. */
    static Integer integer(String name, String raw) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw StrataException.invalid(
                    "query parameter '" + name + "' must be an integer, was '" + quote(value) + "'");
        }
    }

    /** Null when absent or empty; matched ignoring case. */
    static <E extends Enum<E>> E enumeration(String name, String raw, Class<E> type) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed =
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw StrataException.invalid(
                    "query parameter '" + name + "' must be one of " + allowed + ", was '" + quote(value) + "'");
        }
    }

    /** An ISO-8601 instant ("2026-01-02T03:04:05Z", any offset); null when absent or empty. */
    static Instant instant(String name, String raw) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw StrataException.invalid("query parameter '" + name
                    + "' must be an ISO-8601 date and time such as 2026-01-02T03:04:05Z, was '" + quote(value) + "'");
        }
    }

    /** An integer between {@code min} and {@code max}; null when absent or empty. */
    static Integer bounded(String name, String raw, int min, int max) {
        Integer value = integer(name, raw);
        if (value != null && (value < min || value > max)) {
            throw StrataException.invalid(
                    "query parameter '" + name + "' must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Null when absent or blank: "?datacenter=" means no filter. Stripped of white space, as openapi.json's
     * x-normalized says, rather than trimmed of every character up to U+0020.
     */
    static String text(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    /** Echoes a bad value back bounded in length, so a huge parameter does not make a huge error. */
    private static String quote(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}

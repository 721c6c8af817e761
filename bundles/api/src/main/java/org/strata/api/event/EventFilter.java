package org.strata.api.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strata.api.StrataException;

/**
 * Which events a reader wants: any of {@code types} (empty: every type), about subjects of {@code subjectType}
 * and/or the subject {@code subjectId} (null: any). The same rule serves a repository query and a live stream, so
 * that a resumed stream and the live one agree on what they let through.
 */
public record EventFilter(Set<String> types, String subjectType, String subjectId) {

    /** Event types and subject types are short dotted words (host.unreachable, driver.started, host, vm). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    /** Subject ids are UUIDs, driver ids or names: printable, no control characters, at most 200 characters. */
    private static final Pattern ID = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    public static final int MAX_TYPES = 50;

    public static final EventFilter ALL = new EventFilter(Set.of(), null, null);

    public EventFilter {
        types = types == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(types));
        if (types.size() > MAX_TYPES) {
            throw StrataException.invalid("at most " + MAX_TYPES + " event types, was " + types.size());
        }
        for (String type : types) {
            if (type == null || !NAME.matcher(type).matches()) {
                throw StrataException.invalid(
                        "an event type is letters, digits, '_', '.', '-' (at most 100), was '" + type + "'");
            }
        }
        if (subjectType != null && !NAME.matcher(subjectType).matches()) {
            throw StrataException.invalid(
                    "a subject type is letters, digits, '_', '.', '-' (at most 100), was '" + subjectType + "'");
        }
        if (subjectId != null && !ID.matcher(subjectId).matches()) {
            throw StrataException.invalid("a subject id is 1 to 200 printable characters");
        }
    }

    /**
     * Builds a filter from request values: {@code types} may repeat and each may be a comma-separated list; blank
     * values mean "any".
     */
    public static EventFilter of(List<String> types, String subjectType, String subjectId) {
        List<String> names = new ArrayList<>();
        if (types != null) {
            for (String value : types) {
                if (value == null) {
                    continue;
                }
                for (String part : value.split(",", -1)) {
                    String name = part.trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
        return new EventFilter(new LinkedHashSet<>(names), blankToNull(subjectType), blankToNull(subjectId));
    }

    /** Whether {@code event} passes, by the same rule as the repository's query. */
    public boolean matches(Event event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (subjectType == null || subjectType.equals(event.subjectType()))
                && (subjectId == null || subjectId.equals(event.subjectId()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

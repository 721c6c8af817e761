package org.strata.engine;

import java.util.Set;

import org.strata.api.Event;

/**
 * Which events a subscriber wants. An empty {@code types} set means every type; a null subject type or id means
 * any.
 */
public record EventFilter(Set<String> types, String subjectType, String subjectId) {

    public static final EventFilter ALL = new EventFilter(Set.of(), null, null);

    public EventFilter {
        types = Set.copyOf(types);
    }

    public static EventFilter types(String... types) {
        return new EventFilter(Set.of(types), null, null);
    }

    public boolean matches(Event event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (subjectType == null || subjectType.equals(event.subjectType()))
                && (subjectId == null || subjectId.equals(event.subjectId()));
    }
}

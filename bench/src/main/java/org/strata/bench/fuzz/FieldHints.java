package org.strata.bench.fuzz;

import java.util.Map;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plausible values the schemas alone cannot give: real ids for fields that name other objects, names the
 * server's rules accept, addresses that never leave this machine. Only valid requests ask; the mutations start
 * from their values.
 */
interface FieldHints {

    /**
     * A value for a field, or null to let the schema decide.
     *
     * @param component the schema component the field belongs to ({@code VmDisk}), null when inline
     * @param field the property or query parameter name
     * @param path the values bound to the request's path parameters
     * @param siblings what the enclosing object holds so far, for fields that must agree with others
     */
    JsonNode hint(
            String component, String field, Map<String, String> path, ObjectNode siblings, RandomGenerator random);

    /**
     * Whether an optional field goes in: true always, false never (it would make the request invalid in a way
     * only the prose says), null at random.
     */
    default Boolean include(String component, String field, Map<String, String> path) {
        return null;
    }

    /** No hints: the schemas decide everything (the unit tests' generator). */
    FieldHints NONE = (component, field, path, siblings, random) -> null;
}

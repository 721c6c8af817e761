package org.strata.bench.fuzz;

import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the server does to a text value before checking it, where the document says so with {@code x-normalized}
 * (strip, lowercase, uppercase, blank-as-null): so that a value the server accepts after normalizing is not taken
 * for an invalid one it accepted.
 */
final class Normalization {

    private Normalization() {}

    /** The value as the server checks it: empty when it counts as absent. Unchanged without x-normalized. */
    static Optional<JsonNode> asServerSees(JsonNode schema, JsonNode value) {
        JsonNode steps = schema.path("x-normalized");
        if (value == null || !value.isString() || !steps.isArray()) {
            return Optional.ofNullable(value);
        }
        String text = value.asString();
        for (JsonNode step : steps) {
            switch (step.asString("")) {
                case "strip" -> text = text.strip();
                case "lowercase" -> text = text.toLowerCase(Locale.ROOT);
                case "uppercase" -> text = text.toUpperCase(Locale.ROOT);
                case "blank-as-null" -> {
                    if (text.isBlank()) {
                        return Optional.empty();
                    }
                }
                default -> {}
            }
        }
        return Optional.of(JsonNodeFactory.instance.stringNode(text));
    }
}

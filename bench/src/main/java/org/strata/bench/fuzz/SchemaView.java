package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A schema as a generator reads it: references followed, {@code allOf} merged into one object schema, the
 * component it came from (for field hints such as {@code VmDisk.source}) and whether null is allowed.
 */
record SchemaView(ObjectNode schema, String component, boolean nullable) {

    static SchemaView of(ApiDocument document, JsonNode node) {
        if (node == null || node.isMissingNode() || !node.isObject()) {
            return new SchemaView(JsonNodeFactory.instance.objectNode(), null, false);
        }
        boolean nullable = node.path("nullable").asBoolean(false);
        String component = null;
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asString();
            component = ref.substring(ref.lastIndexOf('/') + 1);
            current = document.pointer(ref);
            nullable |= current.path("nullable").asBoolean(false);
        }
        ObjectNode merged = ((ObjectNode) current).deepCopy();
        merged.remove("allOf");
        for (JsonNode part : current.path("allOf")) {
            SchemaView sub = of(document, part);
            if (component == null) {
                component = sub.component();
            }
            merge(merged, sub.schema());
        }
        if (!merged.has("type") && merged.has("properties")) {
            merged.put("type", "object");
        }
        return new SchemaView(merged, component, nullable);
    }

    String type() {
        return schema.path("type").asString("");
    }

    boolean hasEnum() {
        return schema.has("enum");
    }

    List<String> required() {
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(n -> names.add(n.asString()));
        return names;
    }

    /** Whether the schema forbids properties it does not list. */
    boolean closed() {
        JsonNode extra = schema.get("additionalProperties");
        return extra != null && extra.isBoolean() && !extra.asBoolean();
    }

    Set<Map.Entry<String, JsonNode>> properties() {
        return schema.path("properties").properties();
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props =
                            into.has("properties") ? (ObjectNode) into.get("properties") : into.putObject("properties");
                    e.getValue().properties().forEach(p -> props.set(p.getKey(), p.getValue()));
                }
                case "required" -> {
                    Set<String> names = new LinkedHashSet<>();
                    into.path("required").forEach(n -> names.add(n.asString()));
                    e.getValue().forEach(n -> names.add(n.asString()));
                    ArrayNode req = into.putArray("required");
                    names.forEach(req::add);
                }
                default -> {
                    if (!into.has(e.getKey())) {
                        into.set(e.getKey(), e.getValue());
                    }
                }
            }
        }
    }
}

package org.strata.bench.fuzz;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI 3.0 schema object into JSON Schema 2020-12, which the validator checks without dialect
 * guesswork. OpenAPI 3.0 differs in a few keywords:
 * <ul>
 * <li>{@code nullable: true} admits null. It becomes {@code anyOf: [null, the schema]}, so that it also holds
 * beside {@code allOf}/{@code $ref}, where OpenAPI writers mean it even though 3.0.3 says it cannot apply;</li>
 * <li>{@code exclusiveMinimum}/{@code exclusiveMaximum} are booleans beside {@code minimum}/{@code maximum};</li>
 * <li>the formats {@code int32}/{@code int64} bound integers; {@code float}, {@code double}, {@code byte},
 * {@code binary} and {@code password} say nothing checkable;</li>
 * <li>{@code writeOnly} properties must never appear in a response ({@link View#RESPONSE} makes them {@code false}),
 * {@code readOnly} ones are accepted and ignored in requests, as the document says;</li>
 * <li>{@code $ref} points into the document: it is rewritten to the absolute IRI its translation is loaded at.</li>
 * </ul>
 */
final class SchemaTranslator {

    /** Which side of the exchange the schema checks. */
    enum View {
        REQUEST,
        RESPONSE
    }

    private static final Set<String> COPIED = Set.of(
            "type",
            "enum",
            "pattern",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "multipleOf",
            "minItems",
            "maxItems",
            "uniqueItems",
            "required",
            "minProperties",
            "maxProperties");
    private static final Set<String> FORMATS_KEPT =
            Set.of("date-time", "date", "uri", "email", "uuid", "ipv4", "ipv6", "hostname");
    private static final Map<String, long[]> INTEGER_FORMATS = Map.of(
            "int32", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "int64", new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final View view;
    private final String refBase;

    /** @param refBase the IRI that the translated document is loaded at, put before each {@code #/...} reference */
    SchemaTranslator(View view, String refBase) {
        this.view = view;
        this.refBase = refBase;
    }

    JsonNode translate(JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return BooleanNode.TRUE;
        }
        if (schema.isBoolean()) {
            return schema;
        }
        if (view == View.RESPONSE && schema.path("writeOnly").asBoolean(false)) {
            return BooleanNode.FALSE;
        }
        ObjectNode out = nodes.objectNode();
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            out.put("$ref", ref.startsWith("#") ? refBase + ref : ref);
        }
        for (String key : COPIED) {
            if (schema.has(key)) {
                out.set(key, schema.get(key).deepCopy());
            }
        }
        boundsAndFormat(schema, out);
        if (schema.has("properties")) {
            ObjectNode props = out.putObject("properties");
            for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
                props.set(p.getKey(), translate(p.getValue()));
            }
        }
        if (schema.has("additionalProperties")) {
            out.set("additionalProperties", translate(schema.get("additionalProperties")));
        }
        if (schema.has("items")) {
            out.set("items", translate(schema.get("items")));
        }
        if (schema.has("not")) {
            out.set("not", translate(schema.get("not")));
        }
        for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
            if (schema.has(combinator)) {
                ArrayNode all = out.putArray(combinator);
                schema.get(combinator).forEach(s -> all.add(translate(s)));
            }
        }
        if (!schema.path("nullable").asBoolean(false)) {
            return out;
        }
        ObjectNode either = nodes.objectNode();
        either.putArray("anyOf").add(nodes.objectNode().put("type", "null")).add(out);
        return either;
    }

    /** A whole document of translated components, loaded at {@code refBase} so that references resolve in it. */
    ObjectNode translateComponents(JsonNode openApi) {
        ObjectNode doc = nodes.objectNode();
        doc.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (Map.Entry<String, JsonNode> s :
                openApi.path("components").path("schemas").properties()) {
            schemas.set(s.getKey(), translate(s.getValue()));
        }
        return doc;
    }

    private void boundsAndFormat(JsonNode schema, ObjectNode out) {
        String format = schema.path("format").asString("");
        if (FORMATS_KEPT.contains(format)) {
            out.put("format", format);
        }
        long[] range = INTEGER_FORMATS.get(format);
        if (range != null) {
            BigDecimal min = BigDecimal.valueOf(range[0]);
            BigDecimal max = BigDecimal.valueOf(range[1]);
            if (!schema.has("minimum") || schema.get("minimum").decimalValue().compareTo(min) < 0) {
                out.put("minimum", min);
            }
            if (!schema.has("maximum") || schema.get("maximum").decimalValue().compareTo(max) > 0) {
                out.put("maximum", max);
            }
        }
        if (schema.path("exclusiveMinimum").asBoolean(false) && out.has("minimum")) {
            out.set("exclusiveMinimum", out.remove("minimum"));
        }
        if (schema.path("exclusiveMaximum").asBoolean(false) && out.has("maximum")) {
            out.set("exclusiveMaximum", out.remove("maximum"));
        }
    }
}

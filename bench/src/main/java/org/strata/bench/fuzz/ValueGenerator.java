package org.strata.bench.fuzz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values that conform to a schema of the document: the type, format, enum, pattern, length, range, item count and
 * required properties it states. Where a field hint knows better (a real id, a name the server takes), the hint
 * wins; the schema still decides the rest. Optional properties are in or out at random, so one schema gives
 * many shapes; the same random sequence gives the same values.
 */
final class ValueGenerator {

    /** A fixed origin for generated instants, so that a seed gives the same requests on any day. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final long DEFAULT_SPAN = 1000;

    private final ApiDocument document;
    private final FieldHints hints;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    ValueGenerator(ApiDocument document, FieldHints hints) {
        this.document = document;
        this.hints = hints;
    }

    JsonNode valid(JsonNode schema, RandomGenerator random) {
        return valid(schema, null, null, Map.of(), nodes.objectNode(), random);
    }

    JsonNode valid(JsonNode schema, String field, Map<String, String> path, RandomGenerator random) {
        return valid(schema, null, field, path, nodes.objectNode(), random);
    }

    private JsonNode valid(
            JsonNode schema,
            String component,
            String field,
            Map<String, String> path,
            ObjectNode siblings,
            RandomGenerator random) {
        SchemaView view = SchemaView.of(document, schema);
        if (field != null) {
            JsonNode hinted = hints.hint(component, field, path, siblings, random);
            if (hinted != null) {
                return hinted;
            }
        }
        if (view.hasEnum()) {
            JsonNode values = view.schema().get("enum");
            return values.get(random.nextInt(values.size())).deepCopy();
        }
        if (!view.schema().has("type") && view.schema().has("anyOf")) {
            return valid(view.schema().get("anyOf").get(0), component, field, path, siblings, random);
        }
        if (!view.schema().has("type") && view.schema().has("oneOf")) {
            return valid(view.schema().get("oneOf").get(0), component, field, path, siblings, random);
        }
        return switch (view.type()) {
            case "object", "" -> object(view, path, random);
            case "array" -> array(view, field, path, random);
            case "integer" -> nodes.numberNode(integer(view.schema(), random));
            case "number" -> nodes.numberNode(number(view.schema(), random));
            case "boolean" -> nodes.booleanNode(random.nextBoolean());
            case "string" -> {
                String text = string(view.schema(), random);
                yield nodes.stringNode(
                        text != null
                                ? text
                                : letters(
                                        Math.max(
                                                1,
                                                view.schema().path("minLength").asInt(1)),
                                        random));
            }
            default -> NullNode.getInstance();
        };
    }

    private ObjectNode object(SchemaView view, Map<String, String> path, RandomGenerator random) {
        ObjectNode out = nodes.objectNode();
        Set<String> required = new LinkedHashSet<>(view.required());
        String component = view.component();
        for (Map.Entry<String, JsonNode> p : view.properties()) {
            SchemaView prop = SchemaView.of(document, p.getValue());
            if (prop.schema().path("readOnly").asBoolean(false) && !required.contains(p.getKey())) {
                continue;
            }
            Boolean include = hints.include(component, p.getKey(), path);
            if (!required.contains(p.getKey())
                    && (Boolean.FALSE.equals(include) || (include == null && random.nextInt(2) == 0))) {
                continue;
            }
            if (prop.nullable() && !required.contains(p.getKey()) && include == null && random.nextInt(10) == 0) {
                out.putNull(p.getKey());
                continue;
            }
            JsonNode value = valid(p.getValue(), component, p.getKey(), path, out, random);
            if (value != null && !value.isMissingNode()) {
                out.set(p.getKey(), value);
            }
        }
        return out;
    }

    private ArrayNode array(SchemaView view, String field, Map<String, String> path, RandomGenerator random) {
        int min = view.schema().path("minItems").asInt(0);
        int max = view.schema().path("maxItems").asInt(min + 2);
        int count = min + random.nextInt(Math.max(1, max - min + 1));
        ArrayNode out = nodes.arrayNode();
        boolean unique = view.schema().path("uniqueItems").asBoolean(false);
        JsonNode items = view.schema().path("items");
        for (int tries = 0; out.size() < count && tries < count * 10; tries++) {
            JsonNode item = valid(
                    items, view.component(), field == null ? null : field + "[]", path, nodes.objectNode(), random);
            if (unique && contains(out, item)) {
                continue;
            }
            out.add(item);
        }
        return out;
    }

    static long integer(JsonNode schema, RandomGenerator random) {
        long[] range = integerRange(schema);
        long lo = range[0];
        long hi = range[1];
        // The bounds are where servers get it wrong: each comes a quarter of the time.
        return switch (random.nextInt(4)) {
            case 0 -> lo;
            case 1 -> hi;
            default -> lo + (hi > lo ? Math.floorMod(random.nextLong(), Math.min(hi - lo, Long.MAX_VALUE - 1) + 1) : 0);
        };
    }

    /** The closed range an integer schema allows, narrowed to a practical span where it states no bound. */
    static long[] integerRange(JsonNode schema) {
        boolean hasMin = schema.has("minimum");
        boolean hasMax = schema.has("maximum");
        long lo = hasMin ? (long) Math.ceil(schema.get("minimum").asDouble()) : 0;
        long hi = hasMax ? (long) Math.floor(schema.get("maximum").asDouble()) : 0;
        if (hasMin && schema.path("exclusiveMinimum").asBoolean(false)) {
            lo++;
        }
        if (hasMax && schema.path("exclusiveMaximum").asBoolean(false)) {
            hi--;
        }
        if (!hasMin && hasMax) {
            lo = Math.min(0, hi - DEFAULT_SPAN);
        }
        if (!hasMax) {
            hi = lo + DEFAULT_SPAN;
        }
        return new long[] {lo, hi};
    }

    private static double number(JsonNode schema, RandomGenerator random) {
        double lo = schema.path("minimum").asDouble(0);
        double hi = schema.path("maximum").asDouble(lo + DEFAULT_SPAN);
        return lo + (hi - lo) * random.nextDouble();
    }

    private static String string(JsonNode schema, RandomGenerator random) {
        String format = schema.path("format").asString("");
        int minLength = schema.path("minLength").asInt(0);
        int maxLength = schema.path("maxLength").asInt(Math.max(minLength, 12));
        String formatted = switch (format) {
            case "date-time" -> EPOCH.plusSeconds(random.nextInt(86_400 * 30)).toString();
            case "date" ->
                EPOCH.plusSeconds(86_400L * random.nextInt(365)).toString().substring(0, 10);
            case "uri" -> "http://127.0.0.1/fz" + random.nextInt(1000);
            case "uuid" -> new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            case "email" -> "fz" + random.nextInt(1000) + "@example.invalid";
            case "ipv4" -> "127.0.0." + (1 + random.nextInt(254));
            default -> null;
        };
        if (formatted != null) {
            return formatted;
        }
        if (schema.has("pattern")) {
            return matching(Pattern.compile(schema.get("pattern").asString()), minLength, maxLength, random);
        }
        int low = Math.max(1, minLength);
        int length = low + random.nextInt(Math.max(1, Math.min(maxLength, low + 12) - low + 1));
        return letters(length, random);
    }

    /**
     * A string the pattern finds, drawn from plausible shapes: a real generator of regular languages would be a
     * library of its own, and the document's patterns are simple. Null when none of the shapes fits.
     */
    private static String matching(Pattern pattern, int minLength, int maxLength, RandomGenerator random) {
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int length = Math.max(minLength, Math.min(maxLength, 1 + random.nextInt(16)));
            shapes.add(letters(length, random));
            shapes.add(Long.toString(Math.abs(random.nextLong() % 100000)));
            shapes.add(new java.util.UUID(random.nextLong(), random.nextLong()).toString());
            shapes.add(letters(Math.max(1, length / 2), random).toUpperCase(java.util.Locale.ROOT) + "-"
                    + random.nextInt(100));
        }
        for (String shape : shapes) {
            if (shape.length() >= minLength
                    && shape.length() <= maxLength
                    && pattern.matcher(shape).find()) {
                return shape;
            }
        }
        return null;
    }

    static String letters(int length, RandomGenerator random) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(i == 0 ? ALPHABET.charAt(random.nextInt(26)) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private static boolean contains(ArrayNode array, JsonNode item) {
        for (JsonNode n : array) {
            if (n.equals(item)) {
                return true;
            }
        }
        return false;
    }
}

package org.strata.bench.fuzz;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the requests of one operation: valid ones from its schemas (with real ids and plausible values), then
 * variants with one thing changed: a body field, the whole body, the content type, a query or path parameter, the
 * Accept header. Whether a variant is {@link Intent#INVALID} is not guessed: the validator checks the changed part
 * against the document, so "invalid" means the document says so.
 */
final class RequestFactory {

    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

    private final ApiDocument document;
    private final SchemaValidator validator;
    private final ValueGenerator values;
    private final FieldHints hints;
    private final PathBinder binder;
    private final NetworkGuard guard;
    private final ObjectMapper json;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    RequestFactory(
            ApiDocument document,
            SchemaValidator validator,
            ValueGenerator values,
            FieldHints hints,
            PathBinder binder,
            NetworkGuard guard,
            ObjectMapper json) {
        this.document = document;
        this.validator = validator;
        this.values = values;
        this.hints = hints;
        this.binder = binder;
        this.guard = guard;
        this.json = json;
    }

    /** The parts of a request before it is written down; a variant changes one of them. */
    private final class Draft {
        final ApiOperation op;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final Map<String, Boolean> rawPath = new LinkedHashMap<>();
        final List<Map.Entry<String, String>> query = new ArrayList<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        JsonNode body;
        String rawBody;

        Draft(ApiOperation op) {
            this.op = op;
        }

        FuzzRequest finish(Intent intent, String mutation, boolean unknownQuery, String authorization) {
            StringBuilder path = new StringBuilder();
            for (String segment : op.pathTemplate().split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                path.append('/');
                if (segment.startsWith("{")) {
                    String name = segment.substring(1, segment.length() - 1);
                    String value = pathValues.get(name);
                    path.append(Boolean.TRUE.equals(rawPath.get(name)) ? value : WireValues.segment(value));
                } else {
                    path.append(segment);
                }
            }
            List<Map.Entry<String, String>> encoded = new ArrayList<>();
            for (Map.Entry<String, String> q : query) {
                encoded.add(new SimpleEntry<>(WireValues.query(q.getKey()), WireValues.query(q.getValue())));
            }
            String text = rawBody != null ? rawBody : body == null ? null : json.writeValueAsString(guard.guard(body));
            return new FuzzRequest(
                    op,
                    op.method(),
                    path.toString(),
                    encoded,
                    headers,
                    text,
                    intent,
                    mutation,
                    unknownQuery,
                    authorization);
        }
    }

    FuzzRequest valid(ApiOperation op, RandomGenerator random) {
        return validDraft(op, random).finish(Intent.VALID, "valid", false, null);
    }

    private Draft validDraft(ApiOperation op, RandomGenerator random) {
        Draft d = new Draft(op);
        Map<String, List<String>> enums = new LinkedHashMap<>();
        for (ApiParameter p : op.parameters("path")) {
            SchemaView view = SchemaView.of(document, p.schema());
            if (view.hasEnum()) {
                List<String> e = new ArrayList<>();
                view.schema().get("enum").forEach(n -> e.add(n.asString()));
                enums.put(p.name(), e);
            }
        }
        Map<String, String> bound = binder.bind(op.pathTemplate(), enums, random);
        for (ApiParameter p : op.parameters("path")) {
            String value = bound.get(p.name());
            if (value == null) {
                value = WireValues.text(values.valid(p.schema(), p.name(), bound, random));
                bound.put(p.name(), value);
            }
            d.pathValues.put(p.name(), value);
        }
        for (ApiParameter p : op.parameters("query")) {
            Boolean include = hints.include(null, p.name(), bound);
            if (p.required() || Boolean.TRUE.equals(include) || (include == null && random.nextInt(2) == 0)) {
                d.query.add(new SimpleEntry<>(
                        p.name(), WireValues.text(values.valid(p.schema(), p.name(), bound, random))));
            }
        }
        if (op.body() != null && op.body().jsonSchema() != null) {
            d.body = values.valid(op.body().jsonSchema(), null, bound, random);
            if (d.body.isObject()
                    && d.body.size() == 0
                    && !SchemaView.of(document, op.body().jsonSchema())
                            .required()
                            .isEmpty()) {
                d.body = values.valid(op.body().jsonSchema(), null, bound, random);
            }
            d.headers.put(
                    "Content-Type", random.nextInt(4) == 0 ? "application/json; charset=UTF-8" : "application/json");
        }
        switch (random.nextInt(3)) {
            case 0 -> d.headers.put("Accept", "application/json");
            case 1 -> d.headers.put("Accept", "*/*");
            default -> {}
        }
        return d;
    }

    /** A variant of a valid request with one thing changed; its intent says whether the document allows it. */
    FuzzRequest variant(ApiOperation op, RandomGenerator random) {
        Draft d = validDraft(op, random);
        List<String> families = new ArrayList<>();
        if (d.body != null) {
            families.addAll(List.of("field", "field", "field", "field", "body", "body", "content-type"));
        }
        if (!op.parameters("query").isEmpty()) {
            families.addAll(List.of("query", "query", "query"));
        }
        if (!op.parameters("path").isEmpty()) {
            families.addAll(List.of("path", "path", "path"));
        }
        families.addAll(List.of("unknown-query", "accept"));
        String family = families.get(random.nextInt(families.size()));
        return switch (family) {
            case "field" -> field(d, random);
            case "body" -> wholeBody(d, random);
            case "content-type" -> contentType(d, random);
            case "query" -> queryValue(d, random);
            case "path" -> pathValue(d, random);
            case "unknown-query" -> {
                d.query.add(new SimpleEntry<>("fz_unknown", "1"));
                yield d.finish(Intent.INVALID, "unknown query parameter 'fz_unknown'", true, null);
            }
            default -> {
                String accept = random.nextBoolean() ? "application/xml" : "text/html";
                d.headers.put("Accept", accept);
                yield d.finish(Intent.EDGE, "Accept: " + accept, false, null);
            }
        };
    }

    private FuzzRequest field(Draft d, RandomGenerator random) {
        JsonNode schema = d.op.body().jsonSchema();
        List<Slot> slots = new ArrayList<>();
        collectSlots(SchemaView.of(document, schema), d.body, "", 0, slots);
        if (slots.isEmpty()) {
            return wholeBody(d, random);
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        List<Change> changes = changesFor(slot, random);
        Change change = changes.get(random.nextInt(changes.size()));
        if (change.value() == null) {
            slot.parent().remove(slot.name());
        } else {
            slot.parent().set(slot.name(), change.value());
        }
        // Checked as the server checks it (x-normalized), sent as it is.
        java.util.Optional<JsonNode> seen =
                Normalization.asServerSees(slot.schema().schema(), change.value());
        if (change.value() != null && seen.isEmpty()) {
            slot.parent().remove(slot.name());
        } else if (change.value() != null) {
            slot.parent().set(slot.name(), seen.get());
        }
        List<String> problems = validator.checkRequest(schema, guard.guard(d.body));
        if (change.value() != null) {
            slot.parent().set(slot.name(), change.value());
        }
        Intent intent = problems.isEmpty() ? Intent.EDGE : Intent.INVALID;
        return d.finish(intent, change.what() + " at " + slot.pointer(), false, null);
    }

    /** A property the body has or could have, inside the object {@code parent} at {@code pointer}. */
    private record Slot(ObjectNode parent, String name, SchemaView schema, boolean required, String pointer) {}

    /** A new value for a slot (null removes it) and what it is, in words. */
    private record Change(JsonNode value, String what) {}

    private void collectSlots(SchemaView view, JsonNode value, String pointer, int depth, List<Slot> slots) {
        if (!(value instanceof ObjectNode object) || depth > 3) {
            return;
        }
        List<String> required = view.required();
        for (Map.Entry<String, JsonNode> p : view.properties()) {
            SchemaView prop = SchemaView.of(document, p.getValue());
            String at = pointer + "/" + p.getKey();
            slots.add(new Slot(object, p.getKey(), prop, required.contains(p.getKey()), at));
            JsonNode child = object.get(p.getKey());
            if (child != null && child.isObject()) {
                collectSlots(prop, child, at, depth + 1, slots);
            } else if (child != null
                    && child.isArray()
                    && child.size() > 0
                    && child.get(0).isObject()) {
                collectSlots(
                        SchemaView.of(document, prop.schema().path("items")),
                        child.get(0),
                        at + "/0",
                        depth + 1,
                        slots);
            }
        }
    }

    private List<Change> changesFor(Slot slot, RandomGenerator random) {
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(null, "without '" + slot.name() + "'"));
        changes.add(new Change(NullNode.getInstance(), "null"));
        switch (slot.schema().type()) {
            case "string" -> {
                changes.add(new Change(nodes.numberNode(12345), "a number for a string"));
                changes.add(new Change(nodes.booleanNode(true), "a boolean for a string"));
                changes.add(new Change(nodes.objectNode(), "an object for a string"));
                changes.add(new Change(nodes.arrayNode().add("x"), "an array for a string"));
                String strange = StrangeValues.TEXT.get(random.nextInt(StrangeValues.TEXT.size()));
                changes.add(new Change(nodes.stringNode(strange), "the text " + describe(strange)));
                changes.add(new Change(nodes.stringNode(StrangeValues.TEN_KB), "10 KB of text"));
                changes.add(new Change(nodes.stringNode(""), "empty text"));
                lengthChanges(slot.schema(), changes);
                if (slot.schema().hasEnum()) {
                    changes.add(new Change(nodes.stringNode("fz_not_in_enum"), "a value outside the enum"));
                    String first = slot.schema().schema().get("enum").get(0).asString("");
                    changes.add(new Change(nodes.stringNode(swapCase(first)), "an enum value in the other case"));
                }
                if (slot.schema().schema().has("pattern")) {
                    changes.add(new Change(nodes.stringNode("!\u0007!"), "text outside the pattern"));
                }
                if ("date-time".equals(slot.schema().schema().path("format").asString(""))) {
                    changes.add(new Change(nodes.stringNode("2026-13-45T99:00:00Z"), "a date-time that is none"));
                }
            }
            case "integer", "number" -> {
                changes.add(new Change(nodes.stringNode("12"), "a number as text"));
                changes.add(new Change(nodes.numberNode(1.5), "a fraction"));
                changes.add(new Change(nodes.booleanNode(false), "a boolean for a number"));
                changes.add(new Change(nodes.numberNode(new java.math.BigInteger("9223372036854775808")), "2^63"));
                changes.add(
                        new Change(nodes.numberNode(new java.math.BigInteger("-99999999999999999999999")), "-10^23"));
                changes.add(new Change(nodes.numberNode(2147483648L), "2^31"));
                changes.add(new Change(nodes.numberNode(-1), "-1"));
                changes.add(new Change(nodes.numberNode(0), "0"));
                JsonNode s = slot.schema().schema();
                if (s.has("minimum")) {
                    changes.add(new Change(
                            nodes.numberNode(s.get("minimum").decimalValue().subtract(java.math.BigDecimal.ONE)),
                            "minimum - 1"));
                }
                if (s.has("maximum")) {
                    changes.add(new Change(
                            nodes.numberNode(s.get("maximum").decimalValue().add(java.math.BigDecimal.ONE)),
                            "maximum + 1"));
                }
            }
            case "boolean" -> {
                changes.add(new Change(nodes.stringNode("true"), "a boolean as text"));
                changes.add(new Change(nodes.numberNode(1), "1 for a boolean"));
            }
            case "array" -> {
                changes.add(new Change(nodes.objectNode(), "an object for an array"));
                changes.add(new Change(nodes.stringNode("x"), "text for an array"));
                changes.add(new Change(nodes.arrayNode().addNull(), "an array of null"));
                changes.add(new Change(nodes.arrayNode(), "an empty array"));
                ArrayNode many = nodes.arrayNode();
                for (int i = 0; i < 200; i++) {
                    many.add(i % 2 == 0 ? nodes.stringNode("x" + i) : nodes.objectNode());
                }
                changes.add(new Change(many, "200 mixed items"));
            }
            default -> {
                changes.add(new Change(nodes.arrayNode(), "an array for an object"));
                changes.add(new Change(nodes.stringNode("x"), "text for an object"));
                changes.add(new Change(nodes.objectNode().put("fz_unknown", 1), "an object of unknown fields"));
            }
        }
        return changes;
    }

    private void lengthChanges(SchemaView schema, List<Change> changes) {
        JsonNode s = schema.schema();
        if (s.has("minLength") && s.get("minLength").asInt() > 0) {
            changes.add(new Change(
                    nodes.stringNode("x".repeat(s.get("minLength").asInt() - 1)), "shorter than minLength"));
        }
        if (s.has("maxLength")) {
            changes.add(new Change(
                    nodes.stringNode("x".repeat(s.get("maxLength").asInt() + 1)), "longer than maxLength"));
        }
    }

    private FuzzRequest wholeBody(Draft d, RandomGenerator random) {
        JsonNode schema = d.op.body().jsonSchema();
        switch (random.nextInt(6)) {
            case 0 -> {
                String text = StrangeValues.MALFORMED.get(random.nextInt(StrangeValues.MALFORMED.size()));
                d.rawBody = text;
                return d.finish(Intent.INVALID, "malformed JSON " + describe(text), false, null);
            }
            case 1 -> {
                d.rawBody = "";
                return d.finish(d.op.body().required() ? Intent.INVALID : Intent.EDGE, "an empty body", false, null);
            }
            case 2 -> {
                ObjectNode withUnknown = d.body.isObject() ? ((ObjectNode) d.body).deepCopy() : nodes.objectNode();
                withUnknown.put("fz_unknown", "x");
                d.body = withUnknown;
                return d.finish(
                        validator.checkRequest(schema, withUnknown).isEmpty() ? Intent.EDGE : Intent.INVALID,
                        "an unknown top-level field",
                        false,
                        null);
            }
            case 3 -> {
                // The same unknown field twice: forbidden where the schema closes the object, as any unknown field.
                ObjectNode withDuplicate = d.body.isObject() ? ((ObjectNode) d.body).deepCopy() : nodes.objectNode();
                String text = json.writeValueAsString(guard.guard(withDuplicate));
                d.rawBody = "{\"fz_dup\":1,\"fz_dup\":2" + (text.length() > 2 ? "," : "") + text.substring(1);
                Intent intent = validator
                                .checkRequest(schema, withDuplicate.put("fz_dup", 2))
                                .isEmpty()
                        ? Intent.EDGE
                        : Intent.INVALID;
                return d.finish(intent, "a duplicate unknown field", false, null);
            }
            default -> {
                List<JsonNode> others = List.of(
                        nodes.arrayNode(),
                        nodes.stringNode("x"),
                        nodes.numberNode(1),
                        NullNode.getInstance(),
                        nodes.booleanNode(true),
                        nodes.objectNode());
                JsonNode other = others.get(random.nextInt(others.size()));
                d.body = null;
                d.rawBody = other.toString();
                return d.finish(
                        validator.checkRequest(schema, other).isEmpty() ? Intent.EDGE : Intent.INVALID,
                        "the body " + other,
                        false,
                        null);
            }
        }
    }

    private FuzzRequest contentType(Draft d, RandomGenerator random) {
        List<String> types = List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "",
                "application/jsonx",
                "multipart/form-data; boundary=x");
        String type = types.get(random.nextInt(types.size()));
        if (type.isEmpty()) {
            d.headers.remove("Content-Type");
        } else {
            d.headers.put("Content-Type", type);
        }
        return d.finish(Intent.INVALID, type.isEmpty() ? "no Content-Type" : "Content-Type: " + type, false, null);
    }

    private FuzzRequest queryValue(Draft d, RandomGenerator random) {
        List<ApiParameter> params = d.op.parameters("query");
        ApiParameter p = params.get(random.nextInt(params.size()));
        SchemaView view = SchemaView.of(document, p.schema());
        List<String> candidates = new ArrayList<>(
                switch (view.type()) {
                    case "integer", "number" -> StrangeValues.NUMBERS;
                    default -> StrangeValues.TEXT;
                });
        candidates.add("fz_not_in_enum");
        if (view.hasEnum()) {
            candidates.add(view.schema().get("enum").get(0).asString("").toLowerCase(java.util.Locale.ROOT));
        }
        if (view.schema().has("minimum")) {
            candidates.add(view.schema()
                    .get("minimum")
                    .decimalValue()
                    .subtract(java.math.BigDecimal.ONE)
                    .toPlainString());
        }
        if (view.schema().has("maximum")) {
            candidates.add(view.schema()
                    .get("maximum")
                    .decimalValue()
                    .add(java.math.BigDecimal.ONE)
                    .toPlainString());
        }
        if ("date-time".equals(view.schema().path("format").asString(""))) {
            candidates.addAll(List.of(
                    "yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00+01:00", "1767225600"));
        }
        String value = candidates.get(random.nextInt(candidates.size()));
        d.query.removeIf(q -> q.getKey().equals(p.name()));
        boolean twice = random.nextInt(8) == 0;
        d.query.add(new SimpleEntry<>(p.name(), value));
        if (twice) {
            d.query.add(new SimpleEntry<>(p.name(), value));
        }
        Intent intent;
        if (value.isBlank()) {
            // An empty or blank value: the document says the server reads it as absent.
            intent = Intent.EDGE;
        } else {
            intent = validator
                            .checkRequest(p.schema(), WireValues.asSchemaSees(view, value))
                            .isEmpty()
                    ? Intent.EDGE
                    : Intent.INVALID;
        }
        return d.finish(intent, "query " + p.name() + "=" + describe(value) + (twice ? " (twice)" : ""), false, null);
    }

    private FuzzRequest pathValue(Draft d, RandomGenerator random) {
        List<ApiParameter> params = d.op.parameters("path");
        ApiParameter p = params.get(random.nextInt(params.size()));
        SchemaView view = SchemaView.of(document, p.schema());
        String value;
        boolean raw = false;
        int pick = random.nextInt(view.hasEnum() ? 4 : 3);
        if (pick == 0) {
            value = new UUID(random.nextLong(), random.nextLong()).toString();
        } else if (pick == 3) {
            value = "fz_not_in_enum";
        } else {
            StrangeValues.Segment s = StrangeValues.SEGMENTS.get(random.nextInt(StrangeValues.SEGMENTS.size()));
            value = s.text();
            raw = s.raw();
        }
        d.pathValues.put(p.name(), value);
        d.rawPath.put(p.name(), raw);
        // A raw segment reaches the application decoded ("%2f" is "/"): what the document sees is that text.
        Intent intent = validator
                        .checkRequest(p.schema(), WireValues.asSchemaSees(view, value))
                        .isEmpty()
                ? Intent.EDGE
                : Intent.INVALID;
        return d.finish(intent, "path " + p.name() + "=" + describe(value) + (raw ? " (raw)" : ""), false, null);
    }

    FuzzRequest unauthenticated(ApiOperation op, RandomGenerator random) {
        Draft d = validDraft(op, random);
        List<String> auths = List.of(
                "",
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString("admin:fz-wrong".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "Basic !!!",
                "Bearer fz-token",
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(":".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String auth = auths.get(random.nextInt(auths.size()));
        return d.finish(
                Intent.UNAUTHENTICATED,
                auth.isEmpty() ? "no Authorization" : "Authorization: " + describe(auth),
                false,
                auth);
    }

    /** A method the document does not have on a path it has, or a path it does not have. */
    FuzzRequest offDocument(RandomGenerator random) {
        List<String> templates = document.pathTemplates();
        String template = templates.get(random.nextInt(templates.size()));
        List<String> missing = new ArrayList<>();
        for (String m : METHODS) {
            if (document.operation(m, template).isEmpty()) {
                missing.add(m);
            }
        }
        ApiOperation any = document.operations().stream()
                .filter(o -> o.pathTemplate().equals(template))
                .findFirst()
                .orElseThrow();
        Draft d = validDraft(any, random);
        FuzzRequest base = d.finish(Intent.OFF_DOCUMENT, "", false, null);
        if (!missing.isEmpty() && random.nextBoolean()) {
            String method = missing.get(random.nextInt(missing.size()));
            return new FuzzRequest(
                    null,
                    method,
                    base.path(),
                    List.of(),
                    Map.of("Content-Type", "application/json"),
                    "PUT".equals(method) || "POST".equals(method) || "PATCH".equals(method) ? "{}" : null,
                    Intent.OFF_DOCUMENT,
                    method + " on " + template + ", which the document does not have",
                    false,
                    null);
        }
        List<String> suffixes = List.of("/fz-nowhere", "/..;/fz", "/%2e%2e/fz", "/fz-nowhere/fz");
        String suffix = suffixes.get(random.nextInt(suffixes.size()));
        String path = random.nextInt(3) == 0 ? "/fz-nowhere" : base.path() + suffix;
        return new FuzzRequest(
                null,
                "GET",
                path,
                List.of(),
                Map.of(),
                null,
                Intent.OFF_DOCUMENT,
                "GET " + path.replace(base.path(), template) + ", a path the document does not have",
                false,
                null);
    }

    /** A value as the report shows it: short, with control characters visible. */
    static String describe(String text) {
        String shown = text.length() > 40 ? text.substring(0, 20) + "…(" + text.length() + " chars)" : text;
        StringBuilder b = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e) || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }

    private static String swapCase(String s) {
        return s.equals(s.toUpperCase(java.util.Locale.ROOT))
                ? s.toLowerCase(java.util.Locale.ROOT)
                : s.toUpperCase(java.util.Locale.ROOT);
    }
}

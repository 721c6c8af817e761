package org.strata.ws.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What openapi.json says of one value, for the keywords the document uses on request values: $ref, allOf, anyOf,
 * nullable, enum, pattern, minLength, maxLength, minimum, maximum, format int32, and Strata's x-normalized. A
 * pattern is searched for, not matched whole, as in JSON Schema; the document anchors its own.
 */
final class SchemaCheck {
    private final JsonNode doc;

    SchemaCheck(JsonNode doc) {
        this.doc = doc;
    }

    /** The schema itself where {@code node} is a $ref to one. */
    JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            at = doc.at(at.get("$ref").asText().substring(1));
        }
        return at;
    }

    /**
     * Whether the document allows {@code value} (null: absent) where {@code schema} applies, after the
     * normalization x-normalized lists; absent is allowed unless {@code required}.
     */
    boolean allowsString(JsonNode schema, String value, boolean required) {
        String normalized = normalize(resolve(schema), value);
        if (normalized == null) {
            return !required;
        }
        return allows(resolve(schema), normalized);
    }

    boolean allowsNumber(JsonNode schema, long value) {
        return allows(resolve(schema), value);
    }

    /**
     * The pattern as ECMAScript reads it, where a closing $ is the end of the text; Java's also matches before a
     * final line terminator, and would allow "web\n" where a JSON Schema validator does not.
     */
    private static Pattern ecmaScript(String pattern) {
        boolean closing = pattern.endsWith("$") && !pattern.endsWith("\\$");
        return Pattern.compile(closing ? pattern.substring(0, pattern.length() - 1) + "\\z" : pattern);
    }

    private String normalize(JsonNode schema, String value) {
        String v = value;
        for (JsonNode step : schema.path("x-normalized")) {
            if (v == null) {
                break;
            }
            switch (step.asText()) {
                case "strip" -> v = v.strip();
                case "lowercase" -> v = v.toLowerCase(Locale.ROOT);
                case "uppercase" -> v = v.toUpperCase(Locale.ROOT);
                case "blank-as-null" -> v = v.isBlank() ? null : v;
                default -> throw new AssertionError("unknown x-normalized step " + step);
            }
        }
        return v;
    }

    private boolean allows(JsonNode schema, Object value) {
        for (JsonNode part : schema.path("allOf")) {
            if (!allows(resolve(part), value)) {
                return false;
            }
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode part : schema.get("anyOf")) {
                any |= allows(resolve(part), value);
            }
            if (!any) {
                return false;
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode member : schema.get("enum")) {
                listed |= value instanceof String s
                        ? member.isTextual() && member.asText().equals(s)
                        : member.isNumber() && member.asLong() == (Long) value;
            }
            if (!listed) {
                return false;
            }
        }
        if (value instanceof String s) {
            int length = s.codePointCount(0, s.length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                return false;
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                return false;
            }
            return !schema.has("pattern")
                    || ecmaScript(schema.get("pattern").asText()).matcher(s).find();
        }
        long n = (Long) value;
        if ("int32".equals(schema.path("format").asText()) && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            return false;
        }
        if (schema.has("minimum") && n < schema.get("minimum").asLong()) {
            return false;
        }
        return !schema.has("maximum") || n <= schema.get("maximum").asLong();
    }
}

package org.strata.bench.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parameters travel as text; their schemas speak of JSON types. This reads a text the way the document's schema
 * would see it (an integer schema sees {@code 12} as 12, {@code abc} as a string), so the validator can say whether
 * a parameter value is one the document allows; and it encodes values for the URL.
 */
final class WireValues {

    private WireValues() {}

    static JsonNode asSchemaSees(SchemaView schema, String text) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (schema.type()) {
            case "integer" -> {
                try {
                    return nodes.numberNode(new BigInteger(text));
                } catch (NumberFormatException e) {
                    return nodes.stringNode(text);
                }
            }
            case "number" -> {
                try {
                    return nodes.numberNode(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    return nodes.stringNode(text);
                }
            }
            case "boolean" -> {
                return "true".equals(text) || "false".equals(text)
                        ? nodes.booleanNode(Boolean.parseBoolean(text))
                        : nodes.stringNode(text);
            }
            default -> {
                return nodes.stringNode(text);
            }
        }
    }

    /** The text of a generated value as it goes in a URL, before encoding. */
    static String text(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    /** A path segment: everything but RFC 3986's unreserved characters percent-encoded, as UTF-8. */
    static String segment(String text) {
        StringBuilder b = new StringBuilder();
        for (byte octet : text.getBytes(StandardCharsets.UTF_8)) {
            int c = octet & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                b.append((char) c);
            } else {
                b.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

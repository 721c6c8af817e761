package org.strata.ws.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import javax.ws.rs.core.Response;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * Turns Jackson's exceptions into a 400 problem a person can act on. Jackson's own messages name
 * Java classes and source positions in our code, so they are never passed on.
 */
final class JsonErrors {

    private JsonErrors() {}

    static Response toResponse(JsonProcessingException e) {
        return Problem.of(ErrorCode.INVALID_INPUT, detail(e)).toResponse();
    }

    static String detail(JsonProcessingException e) {
        StrataException invalid = strataCause(e);
        if (invalid != null) {
            return invalid.getMessage();
        }
        if (e instanceof JsonEOFException) {
            return "incomplete JSON: the body ended" + at(e.getLocation());
        }
        if (e instanceof JsonParseException) {
            return "malformed JSON" + at(e.getLocation());
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            if (e instanceof UnrecognizedPropertyException unknown) {
                return "unknown field '" + join(field, unknown.getPropertyName()) + "'"
                        + known(unknown.getKnownPropertyIds());
            }
            if (e instanceof IgnoredPropertyException ignored) {
                return "field '" + join(field, ignored.getPropertyName()) + "' cannot be set";
            }
            if (e instanceof MismatchedInputException mismatch) {
                String expected = kind(mismatch.getTargetType());
                if (field.isEmpty()) {
                    return "the request body must be " + expected;
                }
                return "field '" + field + "' must be " + expected;
            }
            return field.isEmpty()
                    ? "invalid JSON content" + at(e.getLocation())
                    : "invalid value for field '" + field + "'";
        }
        return "invalid JSON" + at(e.getLocation());
    }

    private static StrataException strataCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof StrataException s) {
                return s;
            }
        }
        return null;
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** "hosts[2].name" style path of the field that failed; empty for the document itself. */
    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String join(String parentPath, String name) {
        // For an unknown property Jackson's path already ends with the property itself.
        if (parentPath.isEmpty() || parentPath.equals(name) || parentPath.endsWith("." + name)) {
            return parentPath.isEmpty() ? String.valueOf(name) : parentPath;
        }
        return parentPath + "." + name;
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; known fields: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    /** What a JSON value of the target type looks like, in JSON's words rather than Java's. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class
                || type == Character.class
                || type == char.class
                || java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return type == Double.class || type == Float.class || type == double.class || type == float.class
                    ? "a number"
                    : "an integer";
        }
        if (type.isEnum()) {
            return "one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "a JSON object";
        }
        return "of another type";
    }
}

package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAPI 3.0 document as the fuzzer needs it: its operations with their parameters, request body and
 * responses, every {@code $ref} to {@code #/components/...} followed. The schemas themselves are kept as the
 * document writes them (refs inside them included), because the validator resolves them in the whole document.
 */
final class ApiDocument {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode root;
    private final String basePath;
    private final List<ApiOperation> operations;

    ApiDocument(JsonNode root) {
        if (!root.path("openapi").asString("").startsWith("3.0")) {
            throw new IllegalArgumentException("not an OpenAPI 3.0 document: openapi = " + root.path("openapi"));
        }
        this.root = root;
        this.basePath = root.path("servers").path(0).path("url").asString("");
        this.operations = List.copyOf(readOperations());
    }

    JsonNode root() {
        return root;
    }

    /** The path the document's first server names ({@code /api/v1}), put before every path template. */
    String basePath() {
        return basePath;
    }

    List<ApiOperation> operations() {
        return operations;
    }

    /** The paths the document knows, as templates: a request to one with a method it lacks is off the document. */
    /** The paths that have an operation to fuzz, in the document's order (a stream's path has none). */
    List<String> pathTemplates() {
        return operations.stream().map(ApiOperation::pathTemplate).distinct().toList();
    }

    Optional<ApiOperation> operation(String method, String pathTemplate) {
        return operations.stream()
                .filter(o -> o.method().equals(method) && o.pathTemplate().equals(pathTemplate))
                .findFirst();
    }

    /** The node a {@code $ref} chain ends at; a node that is no reference comes back as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref"); hops++) {
            if (hops > 32) {
                throw new IllegalArgumentException(
                        "$ref cycle at " + node.get("$ref").asString());
            }
            current = pointer(current.get("$ref").asString());
        }
        return current;
    }

    /** The node a local reference ({@code #/components/schemas/Task}) names. */
    JsonNode pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        JsonNode at = root.at(ref.substring(1));
        if (at.isMissingNode()) {
            throw new IllegalArgumentException("dangling $ref " + ref);
        }
        return at;
    }

    private List<ApiOperation> readOperations() {
        List<ApiOperation> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            JsonNode item = resolve(path.getValue());
            for (String method : METHODS) {
                JsonNode op = item.get(method);
                // A stream (text/event-stream) answers without end: one exchange cannot judge it, so it is not fuzzed.
                if (op != null
                        && !op.at("/responses/200/content/text~1event-stream").isMissingNode()) {
                    continue;
                }
                if (op != null) {
                    result.add(readOperation(path.getKey(), method.toUpperCase(Locale.ROOT), item, op));
                }
            }
        }
        return result;
    }

    private ApiOperation readOperation(String template, String method, JsonNode item, JsonNode op) {
        // Operation-level parameters override path-level ones of the same name and location (OpenAPI 3.0, 4.7.10).
        Map<String, ApiParameter> params = new LinkedHashMap<>();
        for (JsonNode source : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : source) {
                JsonNode param = resolve(p);
                ApiParameter parameter = new ApiParameter(
                        param.path("name").asString(),
                        param.path("in").asString(),
                        param.path("required").asBoolean(false)
                                || "path".equals(param.path("in").asString()),
                        param.has("schema") ? param.get("schema") : JsonNodeFactory.instance.objectNode());
                params.put(parameter.in() + ":" + parameter.name(), parameter);
            }
        }
        ApiBody body = null;
        if (op.has("requestBody")) {
            JsonNode rb = resolve(op.get("requestBody"));
            Map<String, JsonNode> media = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> m : rb.path("content").properties()) {
                media.put(m.getKey(), m.getValue().path("schema"));
            }
            body = new ApiBody(rb.path("required").asBoolean(false), media);
        }
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            JsonNode resp = resolve(r.getValue());
            Map<String, JsonNode> media = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> m : resp.path("content").properties()) {
                media.put(
                        m.getKey(),
                        m.getValue().has("schema")
                                ? m.getValue().get("schema")
                                : JsonNodeFactory.instance.objectNode());
            }
            Map<String, JsonNode> headers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> h : resp.path("headers").properties()) {
                headers.put(h.getKey(), resolve(h.getValue()));
            }
            responses.put(r.getKey(), new ApiResponse(r.getKey(), media, headers));
        }
        String id = op.path("operationId").asString(method + " " + template);
        JsonNode security = op.has("security") ? op.get("security") : root.path("security");
        boolean openToAll = false;
        for (JsonNode requirement : security) {
            openToAll |= requirement.isObject() && requirement.isEmpty();
        }
        return new ApiOperation(id, method, template, List.copyOf(params.values()), body, responses, openToAll);
    }

    /** A reference to a schema of this document, as the validator takes it. */
    static ObjectNode ref(String pointer) {
        return JsonNodeFactory.instance.objectNode().put("$ref", pointer);
    }
}

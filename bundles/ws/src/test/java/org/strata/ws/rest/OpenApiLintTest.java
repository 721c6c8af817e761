package org.strata.ws.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.HttpMethod;
import org.junit.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a standard OpenAPI 3 linter checks, in the build and without network: openapi.json conforms to the OpenAPI
 * 3.0 JSON Schema (the OpenAPI Initiative's, Apache-2.0, as Spectral ships it: openapi-3.0.schema.json beside this
 * test), keeps the rules that Redocly's "recommended" ruleset reports as errors and a JSON Schema cannot express,
 * and gives every request body an example that both its schema and the server's JSON binding accept. Redocly itself
 * is the extra command in docs/api.md; this test fails where it would report an error.
 */
public class OpenApiLintTest {
    private static final String DOCUMENT_IRI = "https://strata.invalid/api/v1/openapi.json";
    private static final String OAS_SCHEMA = "openapi-3.0.schema.json";
    private static final Set<String> VERBS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String documentText() {
        return new String(new OpenApiResource().get(), StandardCharsets.UTF_8);
    }

    private static JsonNode document() {
        return JSON.readTree(documentText());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OpenApiLintTest.class.getResourceAsStream(name)) {
            assertTrue("the test lacks " + name, in != null);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Each operation of the document: "POST /vms" -> the operation object. */
    private static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (VERBS.contains(op.getKey())) {
                    operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            }
        }
        return operations;
    }

    @Test
    public void theDocumentConformsToTheOpenApi30Schema() throws Exception {
        String oas = resource(OAS_SCHEMA);
        String id = JSON.readTree(oas).get("$id").asString();
        // Loaded under its own $id, so that its internal references resolve here and nothing is fetched.
        SchemaRegistry registry =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(id, oas)));
        Schema schema = registry.getSchema(SchemaLocation.of(id));
        List<String> errors =
                schema.validate(document()).stream().map(Object::toString).toList();
        assertTrue("openapi.json against the OpenAPI 3.0 schema:\n" + String.join("\n", errors), errors.isEmpty());
    }

    /**
     * Redocly's nullable-type-sibling: OpenAPI 3.0.3 gives nullable a meaning only beside a type, so a nullable
     * reference is written {type, nullable, allOf: [$ref]}.
     */
    @Test
    public void nullableStandsBesideAType() {
        List<String> bare = new ArrayList<>();
        walk(document(), "#", (pointer, node) -> {
            if (node.path("nullable").isBoolean() && !node.has("type")) {
                bare.add(pointer);
            }
        });
        assertTrue("nullable without type at " + bare, bare.isEmpty());
    }

    /** Redocly's no-enum-type-mismatch: every member of an enum has the schema's type. */
    @Test
    public void enumMembersHaveTheSchemasType() {
        List<String> mismatches = new ArrayList<>();
        walk(document(), "#", (pointer, node) -> {
            if (!node.path("enum").isArray() || !node.path("type").isString()) {
                return;
            }
            String type = node.get("type").asString();
            for (JsonNode member : node.get("enum")) {
                boolean ok = switch (type) {
                    case "string" -> member.isString();
                    case "integer" -> member.isIntegralNumber();
                    case "number" -> member.isNumber();
                    case "boolean" -> member.isBoolean();
                    case "object" -> member.isObject();
                    case "array" -> member.isArray();
                    default -> false;
                };
                if (!ok && !(member.isNull() && node.path("nullable").asBoolean(false))) {
                    mismatches.add(pointer + " " + member);
                }
            }
        });
        assertTrue("enum members of another type: " + mismatches, mismatches.isEmpty());
    }

    @Test
    public void pathsAreDistinctTemplatesWithoutQueryOrTrailingSlash() {
        Set<String> shapes = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document().get("paths").properties()) {
            String p = path.getKey();
            assertFalse(p + " holds a query (path-not-include-query)", p.contains("?"));
            assertFalse(p + " ends with / (no-path-trailing-slash)", p.length() > 1 && p.endsWith("/"));
            assertFalse(p + " declares an empty parameter (path-declaration-must-exist)", p.contains("{}"));
            assertTrue(
                    p + " is the same template as another (no-identical-paths)",
                    shapes.add(p.replaceAll("\\{[^}]*}", "{}")));
        }
    }

    /** operation-operationId-unique, -url-safe and operation-parameters-unique (path-level ones included). */
    @Test
    public void operationIdsAndParametersAreUnique() {
        JsonNode doc = document();
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!VERBS.contains(op.getKey())) {
                    continue;
                }
                String route = op.getKey() + " " + path.getKey();
                JsonNode id = op.getValue().get("operationId");
                if (id != null) {
                    assertTrue(route + ": operationId " + id + " twice", ids.add(id.asString()));
                    assertTrue(
                            route + ": operationId " + id + " is not URL-safe",
                            id.asString().matches("[A-Za-z0-9\\-._~]+"));
                }
                Set<String> opParams = new HashSet<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode r = resolve(doc, p);
                    assertTrue(
                            route + ": parameter " + r.get("name") + " twice",
                            opParams.add(
                                    r.get("in").asString() + " " + r.get("name").asString()));
                }
                Set<String> pathParams = new HashSet<>();
                for (JsonNode p : path.getValue().path("parameters")) {
                    JsonNode r = resolve(doc, p);
                    assertTrue(
                            path.getKey() + ": parameter " + r.get("name") + " twice",
                            pathParams.add(
                                    r.get("in").asString() + " " + r.get("name").asString()));
                }
            }
        }
    }

    /** security-defined: every operation is secured by a scheme the document defines. */
    @Test
    public void everySecurityRequirementNamesADefinedScheme() {
        JsonNode doc = document();
        JsonNode schemes = doc.at("/components/securitySchemes");
        for (Map.Entry<String, JsonNode> op : operations(doc).entrySet()) {
            JsonNode security = op.getValue().has("security") ? op.getValue().get("security") : doc.get("security");
            assertTrue(op.getKey() + " states no security", security != null && security.isArray());
            for (JsonNode requirement : security) {
                for (String scheme : requirement.propertyNames()) {
                    assertTrue(op.getKey() + " names the undefined scheme " + scheme, schemes.has(scheme));
                }
            }
        }
    }

    /**
     * A license, and servers: the first is relative (the fuzzer takes its URL as the base path, and a client reaches
     * the API where it fetched the document); every {variable} of a URL is declared with a default.
     */
    @Test
    public void licenseAndServers() {
        JsonNode doc = document();
        assertFalse(
                "info.license.name", doc.at("/info/license/name").asString("").isBlank());
        JsonNode servers = doc.get("servers");
        assertTrue("servers", servers != null && servers.size() > 0);
        assertEquals("/api/v1", servers.get(0).get("url").asString());
        for (JsonNode server : servers) {
            String url = server.get("url").asString();
            assertFalse(url + " (no-server-example.com)", url.contains("example.com"));
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(url);
            Set<String> used = new HashSet<>();
            while (m.find()) {
                used.add(m.group(1));
                JsonNode variable = server.path("variables").path(m.group(1));
                assertTrue(
                        url + ": {" + m.group(1) + "} has no default",
                        variable.path("default").isString());
                if (variable.has("enum")) {
                    assertTrue(url + ": empty enum", variable.get("enum").size() > 0);
                }
            }
            assertEquals(
                    url + ": declared variables",
                    used,
                    Set.copyOf(server.path("variables").propertyNames()));
        }
    }

    /**
     * Every request body shows an example, which its schema accepts (OpenAPI 3.0 semantics: nullable, writeOnly) and
     * which the server binds into the body the resource method takes, with the JSON mapper it runs (unknown fields
     * refused): an example that drifts from either fails here.
     */
    @Test
    public void everyRequestBodyHasAnExampleThatTheSchemaAndTheServerAccept() throws Exception {
        JsonNode doc = document();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                Dialects.getOpenApi30(), b -> b.schemas(Map.of(DOCUMENT_IRI, documentText())));
        Map<String, Class<?>> bodies = bodyTypes();
        com.fasterxml.jackson.databind.ObjectMapper server = JsonMapper.create();
        int examples = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : operations(doc).entrySet()) {
            JsonNode content = op.getValue().at("/requestBody/content");
            for (Map.Entry<String, JsonNode> media : content.properties()) {
                String where = op.getKey() + " " + media.getKey();
                if ("binary".equals(media.getValue().at("/schema/format").asString())) {
                    continue; // a raw file (a package upload): nothing JSON to show or to bind
                }
                JsonNode example = media.getValue().get("example");
                if (example == null) {
                    problems.add(where + ": no example");
                    continue;
                }
                examples++;
                String ref = media.getValue().at("/schema/$ref").asString();
                Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + ref));
                schema.validate(example).forEach(e -> problems.add(where + ": the schema refuses the example: " + e));
                Class<?> type = bodies.get(op.getKey());
                assertTrue(where + ": no resource method takes this body", type != null);
                try {
                    server.readValue(JSON.writeValueAsString(example), type);
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    problems.add(where + ": the server cannot bind the example: " + e.getOriginalMessage());
                }
            }
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
        assertTrue("examples: " + examples, examples >= 17);
    }

    /** "POST /vms" -> the type of the body parameter of the resource method serving it. */
    private static Map<String, Class<?>> bodyTypes() throws Exception {
        Map<String, Class<?>> bodies = new TreeMap<>();
        for (Class<?> resource : OpenApiDocumentTest.resourceClasses()) {
            String base = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String verb = null;
                for (Annotation a : method.getAnnotations()) {
                    HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        verb = http.value();
                    }
                }
                if (verb == null) {
                    continue;
                }
                javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                String path = ("/" + base + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                if (path.length() > 1 && path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                for (Parameter p : method.getParameters()) {
                    if (p.getAnnotations().length == 0) {
                        bodies.put(verb + " " + path, p.getType());
                    }
                }
            }
        }
        return bodies;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode at = node;
        while (at.has("$ref")) {
            at = doc.at(at.get("$ref").asString().substring(1));
        }
        return at;
    }

    private interface Visitor {
        void visit(String pointer, JsonNode node);
    }

    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(pointer, node);
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                walk(
                        child.getValue(),
                        pointer + "/" + child.getKey().replace("~", "~0").replace("/", "~1"),
                        visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }
}

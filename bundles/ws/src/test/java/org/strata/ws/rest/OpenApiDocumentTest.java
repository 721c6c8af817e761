package org.strata.ws.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.QueryParam;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Keeps the hand-written openapi.json, the resource classes and the Blueprint wiring in step: every
 * route of every {@code @Path} class in org.strata.ws.rest must be in the document with the same query
 * parameters, the document must list no route that does not exist, and every resource must be served.
 * The constraints the document states on request values must be the server's own: the same samples are put to
 * the document's schema and to the check that the server runs (see {@link ServerChecks}), and must get the same
 * answer; request bodies must list the fields the server binds.
 */
public class OpenApiDocumentTest {
    private static final String PACKAGE = "org.strata.ws.rest";

    /** "GET /hosts/{id}/vms" -> query parameter names, from the annotations of the compiled classes. */
    private static Map<String, Set<String>> routesInCode() throws Exception {
        Map<String, Set<String>> routes = new TreeMap<>();
        for (Class<?> resource : resourceClasses()) {
            String base = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                String path = normalize(base + (sub == null ? "" : "/" + sub.value()));
                Set<String> query = new TreeSet<>();
                for (Parameter p : method.getParameters()) {
                    QueryParam q = p.getAnnotation(QueryParam.class);
                    if (q != null) {
                        query.add(q.value());
                    }
                }
                Set<String> previous = routes.put(verb + " " + path, query);
                assertEquals("route declared twice: " + verb + " " + path, null, previous);
            }
        }
        // The event and task streams are servlets beside CXF (org.strata.ws.sse), not JAX-RS resources.
        routes.put("GET /events/stream", new TreeSet<>(org.strata.ws.sse.EventsEndpoint.PARAMETERS));
        routes.put("GET /tasks/stream", new TreeSet<>(org.strata.ws.sse.TasksEndpoint.PARAMETERS));
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String normalize(String path) {
        String p = ("/" + path).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Every class of the package in the build output carrying @Path, so that a new resource cannot be forgotten. */
    static List<Class<?>> resourceClasses() throws Exception {
        Path dir = classesDir().resolve(PACKAGE.replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String simple = file.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(PACKAGE + "." + simple);
                // NoSuchResource serves what is outside /api/v1 (its own endpoint at "/"), not the API.
                if (c.isAnnotationPresent(javax.ws.rs.Path.class) && c != NoSuchResource.class) {
                    found.add(c);
                }
            }
        }
        assertTrue("no resource classes found in " + dir, found.size() >= 8);
        return found;
    }

    private static Path classesDir() throws URISyntaxException {
        return Paths.get(OpenApiResource.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(new OpenApiResource().get());
    }

    /** Query parameter names of a documented operation, following $refs into components/parameters. */
    private static Set<String> documentedQuery(JsonNode doc, JsonNode pathItem, JsonNode operation) {
        Set<String> names = new TreeSet<>();
        for (JsonNode params : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : params) {
                JsonNode resolved =
                        p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
                assertFalse("dangling parameter " + p, resolved.isMissingNode());
                if ("query".equals(resolved.path("in").asText())) {
                    names.add(resolved.get("name").asText());
                }
            }
        }
        return names;
    }

    private static Map<String, Set<String>> routesInDocument(JsonNode doc) {
        Map<String, Set<String>> routes = new TreeMap<>();
        Set<String> verbs = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (verbs.contains(op.getKey())) {
                    routes.put(
                            op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                            documentedQuery(doc, path.getValue(), op.getValue()));
                }
            }
        }
        return routes;
    }

    @Test
    public void documentAndCodeListTheSameRoutesWithTheSameQueryParameters() throws Exception {
        Map<String, Set<String>> code = routesInCode();
        Map<String, Set<String>> documented = routesInDocument(document());
        Set<String> missing = new TreeSet<>(code.keySet());
        missing.removeAll(documented.keySet());
        Set<String> extra = new TreeSet<>(documented.keySet());
        extra.removeAll(code.keySet());
        assertTrue("routes missing from openapi.json: " + missing, missing.isEmpty());
        assertTrue("routes in openapi.json that do not exist: " + extra, extra.isEmpty());
        assertEquals("query parameters differ", code, documented);
    }

    @Test
    public void errorCodesInTheDocumentAreTheApisOwn() throws Exception {
        Set<String> documented = new TreeSet<>();
        document()
                .path("components")
                .path("schemas")
                .path("ErrorCode")
                .path("enum")
                .forEach(code -> documented.add(code.asText()));
        Set<String> actual = new TreeSet<>();
        for (org.strata.api.ErrorCode code : org.strata.api.ErrorCode.values()) {
            actual.add(code.name());
        }
        assertEquals("the document lists every error code", documented, actual);
    }

    @Test
    public void everyReferenceResolvesAndEveryOperationIsSecuredAndDescribed() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.get("openapi").asText().startsWith("3.0"));
        assertEquals(
                "basic", doc.at("/components/securitySchemes/basicAuth/scheme").asText());
        assertTrue(doc.at("/security/0").has("basicAuth"));
        assertTrue(doc.at("/components/schemas/Problem/properties").has("code"));
        List<String> dangling = new ArrayList<>();
        collectRefs(doc, doc, dangling);
        assertTrue("dangling $refs: " + dangling, dangling.isEmpty());
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (!op.getKey().equals("parameters")) {
                    assertTrue(
                            path.getKey() + " " + op.getKey() + " lacks 401",
                            op.getValue().at("/responses/401").isObject());
                    assertTrue(
                            path.getKey() + " " + op.getKey() + " lacks a summary",
                            op.getValue().has("summary"));
                }
            });
            // Every {template} in the path must be documented as a path parameter.
            Set<String> templates = new TreeSet<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                templates.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode p : path.getValue().path("parameters")) {
                JsonNode resolved =
                        p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
                if ("path".equals(resolved.path("in").asText())) {
                    declared.add(resolved.get("name").asText());
                }
            }
            assertEquals("path parameters of " + path.getKey(), templates, declared);
        }
    }

    /** What Accepted gives every task-starting route: ?wait, and 200 beside 202. */
    @Test
    public void everyRouteThatStartsATaskDocumentsWait() throws Exception {
        JsonNode doc = document();
        Map<String, Set<String>> routes = routesInDocument(doc);
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getValue().at("/responses/202").isObject()) {
                    count++;
                    String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    assertTrue(route + " lacks ?wait", routes.get(route).contains("wait"));
                    assertTrue(
                            route + " lacks 200",
                            op.getValue().at("/responses/200").isObject());
                }
            }
        }
        assertTrue("task-starting routes: " + count, count >= 17);
    }

    // ---- error responses

    /**
     * Every error response is a problem: the status of every operation at or above 400 resolves to a response
     * whose only content is application/problem+json with the Problem schema. Every operation can answer 400 (a
     * query parameter it does not take), 401, 403, 406 and 500; one with a body also 415.
     */
    @Test
    public void everyErrorResponseIsAProblemAndEveryOperationListsTheCommonOnes() throws Exception {
        JsonNode doc = document();
        SchemaCheck check = new SchemaCheck(doc);
        int errors = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode responses = op.getValue().get("responses");
                for (String common : List.of("400", "401", "403", "406", "500")) {
                    assertTrue(route + " lacks " + common, responses.has(common));
                }
                if (op.getValue().has("requestBody")) {
                    assertTrue(route + " takes a body but lacks 415", responses.has("415"));
                }
                for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    if (Integer.parseInt(r.getKey()) < 400) {
                        continue;
                    }
                    if (path.getKey().startsWith("/health") && r.getKey().equals("503")) {
                        // Not an error but an answer: not ready, with the health document saying why (as the 200).
                        continue;
                    }
                    errors++;
                    JsonNode content = check.resolve(r.getValue()).path("content");
                    assertEquals(
                            route + " " + r.getKey() + " media types",
                            List.of(Problem.MEDIA_TYPE),
                            iterable(content.fieldNames()));
                    assertEquals(
                            route + " " + r.getKey() + " schema",
                            "#/components/schemas/Problem",
                            content.path(Problem.MEDIA_TYPE)
                                    .path("schema")
                                    .path("$ref")
                                    .asText());
                }
            }
        }
        assertTrue("error responses: " + errors, errors > 400);
    }

    /** What Problem.of writes is what the Problem schema says, for every error code. */
    @Test
    public void theProblemSchemaDescribesTheProblemsTheServerWrites() throws Exception {
        JsonNode doc = document();
        SchemaCheck check = new SchemaCheck(doc);
        JsonNode properties = doc.at("/components/schemas/Problem/properties");
        Set<String> fields = new TreeSet<>();
        for (java.lang.reflect.RecordComponent c : Problem.class.getRecordComponents()) {
            fields.add(c.getName());
        }
        assertEquals(fields, new TreeSet<>(iterable(properties.fieldNames())));
        for (org.strata.api.ErrorCode code : org.strata.api.ErrorCode.values()) {
            for (Problem problem : List.of(Problem.of(code, "x"), Problem.of(405, code.name(), "x"))) {
                assertTrue(problem.type(), check.allowsString(properties.get("type"), problem.type(), true));
                assertTrue(problem.code(), check.allowsString(properties.get("code"), problem.code(), true));
                assertTrue(problem.toString(), check.allowsNumber(properties.get("status"), problem.status()));
            }
        }
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    // ---- the constraints on request values are the server's own

    /** Where a value is in the document, whether it must be given, and whether it can be absent at all. */
    private record Place(JsonNode schema, boolean required, boolean alwaysThere) {}

    private static Place place(JsonNode doc, String location) {
        if (location.startsWith("#/")) {
            JsonNode p = doc.at(location.substring(1));
            assertFalse(location, p.isMissingNode());
            return new Place(
                    p.get("schema"),
                    p.path("required").asBoolean(),
                    "path".equals(p.path("in").asText()));
        }
        java.util.regex.Matcher param = java.util.regex.Pattern.compile("(?:([A-Z]+) )?(/\\S*) ([?{])(\\w+)}?")
                .matcher(location);
        if (param.matches()) {
            JsonNode item = doc.path("paths").path(param.group(2));
            JsonNode params = param.group(1) == null
                    ? item.path("parameters")
                    : item.path(param.group(1).toLowerCase(Locale.ROOT)).path("parameters");
            String in = param.group(3).equals("?") ? "query" : "path";
            for (JsonNode p : params) {
                if (param.group(4).equals(p.path("name").asText())
                        && in.equals(p.path("in").asText())) {
                    return new Place(p.get("schema"), p.path("required").asBoolean(), in.equals("path"));
                }
            }
            throw new AssertionError("no parameter at " + location);
        }
        boolean items = location.endsWith("[]");
        String[] parts = (items ? location.substring(0, location.length() - 2) : location).split("\\.");
        JsonNode schema = doc.at("/components/schemas/" + parts[0]);
        JsonNode property = schema.path("properties").path(parts[1]);
        assertFalse(location, property.isMissingNode());
        if (items) {
            return new Place(property.get("items"), true, true);
        }
        boolean required = false;
        for (JsonNode name : schema.path("required")) {
            required |= name.asText().equals(parts[1]);
        }
        return new Place(property, required, false);
    }

    /** What a schema enumerates, through allOf. */
    private static List<String> members(SchemaCheck check, JsonNode schema) {
        JsonNode resolved = check.resolve(schema);
        List<String> members = new ArrayList<>();
        resolved.path("enum").forEach(m -> members.add(m.asText()));
        resolved.path("allOf").forEach(part -> members.addAll(members(check, part)));
        return members;
    }

    private static String show(String sample) {
        return sample == null
                ? "(absent)"
                : "'"
                        + (sample.length() > 30 ? sample.substring(0, 30) + "...(" + sample.length() + ")" : sample)
                                .replace("\n", "\\n")
                                .replace("\t", "\\t")
                        + "'";
    }

    @Test
    public void theDocumentedConstraintsOnTextAreTheServersOwn() throws Exception {
        JsonNode doc = document();
        SchemaCheck check = new SchemaCheck(doc);
        List<String> disagreements = new ArrayList<>();
        int tried = 0;
        for (ServerChecks.Text c : ServerChecks.texts()) {
            Place at = place(doc, c.location());
            boolean required = c.required() != null ? c.required() : at.required();
            List<String> samples = new ArrayList<>();
            if (!at.alwaysThere()) {
                samples.add(null);
            }
            samples.addAll(List.of("", " ", "\t"));
            for (String member : members(check, at.schema())) {
                samples.addAll(List.of(
                        member,
                        member.toUpperCase(Locale.ROOT),
                        member.toLowerCase(Locale.ROOT),
                        " " + member + " ",
                        member + "x"));
            }
            JsonNode maxLength = check.resolve(at.schema()).path("maxLength");
            if (c.ofLength() != null && maxLength.isInt()) {
                for (int length : new int[] {1, maxLength.asInt(), maxLength.asInt() + 1}) {
                    if (c.ofLength().apply(length) != null) {
                        samples.add(c.ofLength().apply(length));
                    }
                }
            }
            samples.addAll(c.samples());
            for (String sample : samples) {
                tried++;
                boolean documented = check.allowsString(at.schema(), sample, required);
                boolean served = c.accepts().test(sample);
                if (documented != served) {
                    disagreements.add(
                            c.location() + " " + show(sample) + ": the document " + (documented ? "allows" : "refuses")
                                    + " it, the server " + (served ? "accepts" : "refuses"));
                }
            }
            for (String sample : c.proseRefused()) {
                tried++;
                if (!check.allowsString(at.schema(), sample, required)
                        || c.accepts().test(sample)) {
                    disagreements.add(c.location() + " " + show(sample) + " should be allowed by the schema and"
                            + " refused by the server for a reason the description states");
                }
            }
        }
        assertTrue(String.join("\n", disagreements), disagreements.isEmpty());
        assertTrue("samples tried: " + tried, tried > 500);
    }

    @Test
    public void theDocumentedBoundsOfNumbersAreTheServersOwn() throws Exception {
        JsonNode doc = document();
        SchemaCheck check = new SchemaCheck(doc);
        List<String> disagreements = new ArrayList<>();
        for (ServerChecks.NumberCheck c : ServerChecks.numbers()) {
            JsonNode schema = check.resolve(place(doc, c.location()).schema());
            Set<Long> samples = new TreeSet<>();
            List<JsonNode> parts = new ArrayList<>(List.of(schema));
            schema.path("anyOf").forEach(parts::add);
            for (JsonNode part : parts) {
                for (String bound : List.of("minimum", "maximum")) {
                    if (part.has(bound)) {
                        long b = part.get(bound).asLong();
                        samples.addAll(List.of(b - 1, b, b + 1));
                    }
                }
                part.path("enum").forEach(m -> samples.addAll(List.of(m.asLong() - 1, m.asLong(), m.asLong() + 1)));
            }
            if (c.parsed()) {
                // What a parsed value can be at all: the document must bound it where the parsing does.
                samples.addAll(List.of((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L));
            }
            assertFalse(c.location() + " states no bound", samples.isEmpty());
            for (long sample : samples) {
                boolean documented = check.allowsNumber(schema, sample);
                boolean served = c.accepts().test(sample);
                if (documented != served) {
                    disagreements.add(
                            c.location() + " " + sample + ": the document " + (documented ? "allows" : "refuses")
                                    + " it, the server " + (served ? "accepts" : "refuses"));
                }
            }
        }
        assertTrue(String.join("\n", disagreements), disagreements.isEmpty());
    }

    /**
     * Every constrained request value of the document has its server check in ServerChecks, and ServerChecks names
     * no value the document does not constrain: a constraint added to either side alone fails here.
     */
    @Test
    public void everyConstrainedRequestValueIsHeldToTheServersCheck() throws Exception {
        JsonNode doc = document();
        SchemaCheck check = new SchemaCheck(doc);
        Set<String> constrained = new TreeSet<>();
        Set<String> visited = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (JsonNode p : path.getValue().path("parameters")) {
                String key = p.has("$ref")
                        ? p.get("$ref").asText()
                        : path.getKey() + " {" + p.get("name").asText() + "}";
                if (isConstrained(check, check.resolve(p).get("schema"))) {
                    constrained.add(key);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                String verb = op.getKey().toUpperCase(Locale.ROOT);
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode resolved = check.resolve(p);
                    String key = p.has("$ref")
                            ? p.get("$ref").asText()
                            : verb + " " + path.getKey() + " "
                                    + ("query".equals(resolved.get("in").asText())
                                            ? "?" + resolved.get("name").asText()
                                            : "{" + resolved.get("name").asText() + "}");
                    if (isConstrained(check, resolved.get("schema"))) {
                        constrained.add(key);
                    }
                }
                JsonNode body = op.getValue().at("/requestBody/content/application~1json/schema/$ref");
                if (!body.isMissingNode()) {
                    collectConstrained(
                            doc,
                            check,
                            body.asText().substring("#/components/schemas/".length()),
                            constrained,
                            visited);
                }
            }
        }
        Set<String> held = new TreeSet<>();
        ServerChecks.texts().forEach(c -> held.add(c.location()));
        ServerChecks.numbers().forEach(c -> held.add(c.location()));
        Set<String> unchecked = new TreeSet<>(constrained);
        unchecked.removeAll(held);
        unchecked.removeAll(NOT_HELD.keySet());
        Set<String> stale = new TreeSet<>(held);
        stale.removeAll(constrained);
        assertTrue(
                "constrained in openapi.json without a server check in ServerChecks: " + unchecked,
                unchecked.isEmpty());
        assertTrue("in ServerChecks but not constrained in openapi.json: " + stale, stale.isEmpty());
        assertTrue(
                "NOT_HELD names what is not constrained: " + NOT_HELD.keySet(),
                constrained.containsAll(NOT_HELD.keySet()));
    }

    /**
     * Constraints checked inside a service that needs a repository and drivers to run, or inside the datacenter
     * layer's bundle (not on this module's test class path), with where they are.
     */
    private static final Map<String, String> NOT_HELD = Map.ofEntries(
            Map.entry(
                    "BmcCredentials.username",
                    "HardwareManager.plan: at most 256 characters, and the driver's vocabulary"),
            Map.entry(
                    "BmcCredentials.password",
                    "HardwareManager.plan: at most 256 characters, and the driver's vocabulary"),
            Map.entry("DiscoveryRequest.poolId", "HardwareManager.plan: blank is none"),
            Map.entry("AffinityGroupSpec.name", "repository JdbcAffinityStore.text: required, at most 255 characters"),
            Map.entry("AffinityGroupSpec.description", "repository JdbcAffinityStore.text: at most 4000 characters"),
            Map.entry("AffinityGroupSpec.kind", "repository JdbcAffinityStore.kind: affinity or anti-affinity"),
            Map.entry("AffinityGroupSpec.enforcement", "repository JdbcAffinityStore.enforcement: must or should"),
            Map.entry("ClusterSpec.name", "datacenter ClusterManager.merged: NAME_RULE, stripped"),
            Map.entry("ClusterSpec.description", "datacenter ClusterManager.merged: at most 4000 characters"),
            Map.entry("ClusterSpec.policy", "datacenter ClusterManager.merged: ClusterPolicy.named"),
            Map.entry("ClusterSpec.automation", "datacenter ClusterManager.merged: manual or automatic, any case"),
            Map.entry("ClusterSpec.balancingLevel", "datacenter ClusterManager.merged: 1 to 5"),
            Map.entry("ClusterSpec.maxMigrations", "datacenter ClusterManager.merged: 1 to 100"),
            Map.entry("ClusterSpec.minPoweredOnHosts", "datacenter ClusterManager.merged: 1 to 10000"),
            Map.entry("ClusterSpec.cpuOvercommit", "datacenter ClusterManager.merged: above 0, at most 64"),
            Map.entry("ClusterSpec.memoryOvercommit", "datacenter ClusterManager.merged: above 0, at most 8"),
            Map.entry("TenantSpec.name", "datacenter TenantManager.valid: NAME_RULE"),
            Map.entry("TenantSpec.description", "datacenter TenantManager.valid: at most 4000 characters"),
            Map.entry("Quota.vms", "datacenter TenantManager.valid: not negative"),
            Map.entry("Quota.cpus", "datacenter TenantManager.valid: not negative"),
            Map.entry("Quota.memoryMb", "datacenter TenantManager.valid: not negative"),
            Map.entry("Quota.storageGb", "datacenter TenantManager.valid: not negative"));

    private static boolean isConstrained(SchemaCheck check, JsonNode schema) {
        if (schema == null) {
            return false;
        }
        JsonNode s = check.resolve(schema);
        for (String keyword : List.of("pattern", "enum", "maxLength", "x-normalized", "minimum", "maximum", "anyOf")) {
            if (s.has(keyword)) {
                return true;
            }
        }
        for (JsonNode part : s.path("allOf")) {
            if (isConstrained(check, part)) {
                return true;
            }
        }
        return false;
    }

    private static void collectConstrained(
            JsonNode doc, SchemaCheck check, String name, Set<String> constrained, Set<String> visited) {
        if (!visited.add(name)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        doc.at("/components/schemas/" + name).path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode p = property.getValue();
            String nested = schemaName(p);
            if (nested != null) {
                collectConstrained(doc, check, nested, constrained, visited);
                continue;
            }
            if (p.has("items")) {
                String item = schemaName(p.get("items"));
                if (item != null) {
                    collectConstrained(doc, check, item, constrained, visited);
                } else if (isConstrained(check, p.get("items"))) {
                    constrained.add(name + "." + property.getKey() + "[]");
                }
            }
            if (isConstrained(check, p)) {
                constrained.add(name + "." + property.getKey());
            }
        }
    }

    /** The component schema a property refers to, directly or through allOf; null for none. */
    private static String schemaName(JsonNode property) {
        JsonNode ref = property.has("$ref") ? property.get("$ref") : property.at("/allOf/0/$ref");
        return ref.isMissingNode() ? null : ref.asText().substring("#/components/schemas/".length());
    }

    /**
     * The fields of each request body in the document are those the server binds: the record's components, and the
     * read-only fields JsonMapper accepts and ignores; nested records likewise.
     */
    @Test
    public void requestBodiesListTheFieldsTheServerBinds() throws Exception {
        JsonNode doc = document();
        com.fasterxml.jackson.databind.ObjectMapper mapper = JsonMapper.create();
        int bodies = 0;
        for (Class<?> resource : resourceClasses()) {
            String base = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                String path = normalize(base + (sub == null ? "" : "/" + sub.value()));
                JsonNode op = doc.path("paths").path(path).path(verb.toLowerCase(Locale.ROOT));
                Parameter body = null;
                for (Parameter p : method.getParameters()) {
                    if (p.getAnnotations().length == 0) {
                        body = p;
                    }
                }
                if (body != null && java.io.InputStream.class.equals(body.getType())) {
                    // A raw file (a package upload): binary content, no JSON fields to bind.
                    assertTrue(
                            verb + " " + path + " documents its file",
                            "binary"
                                    .equals(op.at("/requestBody/content/application~1octet-stream/schema/format")
                                            .asText()));
                    assertTrue(
                            verb + " " + path + ": the body is required",
                            op.at("/requestBody/required").asBoolean());
                    continue;
                }
                JsonNode ref = op.at("/requestBody/content/application~1json/schema/$ref");
                if (body == null) {
                    assertTrue(
                            verb + " " + path + " documents a body it does not take",
                            op.path("requestBody").isMissingNode());
                    continue;
                }
                bodies++;
                assertTrue(verb + " " + path + " lacks its body", !ref.isMissingNode());
                assertTrue(
                        verb + " " + path + ": the body is required",
                        op.at("/requestBody/required").asBoolean());
                if (Map.class.isAssignableFrom(body.getType())) {
                    // A map of strings (a host's labels): an object whose every property is a string.
                    JsonNode schema = doc.at(ref.asText().substring(1));
                    assertEquals(
                            verb + " " + path, "object", schema.path("type").asText());
                    assertEquals(
                            verb + " " + path,
                            "string",
                            schema.path("additionalProperties").path("type").asText());
                    continue;
                }
                sameFields(doc, mapper, body.getType(), ref.asText().substring("#/components/schemas/".length()));
            }
        }
        assertTrue("bodies: " + bodies, bodies >= 17);
    }

    private static void sameFields(
            JsonNode doc, com.fasterxml.jackson.databind.ObjectMapper mapper, Class<?> type, String schemaName) {
        assertTrue(type + " is not a record", type.isRecord());
        JsonNode schema = doc.at("/components/schemas/" + schemaName);
        Set<String> bound = new TreeSet<>();
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            bound.add(c.getName());
        }
        Class<?> mixIn = mapper.findMixInClassFor(type);
        if (mixIn != null) {
            bound.addAll(List.of(mixIn.getAnnotation(com.fasterxml.jackson.annotation.JsonIgnoreProperties.class)
                    .value()));
        }
        Set<String> documented = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(documented::add);
        assertEquals("fields of " + schemaName + " (" + type.getSimpleName() + ")", bound, documented);
        assertFalse(
                schemaName + " must refuse unknown fields",
                schema.path("additionalProperties").asBoolean(true));
        schema.path("required")
                .forEach(r -> assertTrue(schemaName + " requires " + r, documented.contains(r.asText())));
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            JsonNode property = schema.path("properties").path(c.getName());
            Class<?> nested = c.getType();
            String nestedSchema = schemaName(property);
            if (List.class.isAssignableFrom(nested)) {
                nested = (Class<?>)
                        ((java.lang.reflect.ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                nestedSchema = schemaName(property.path("items"));
            }
            if (nested.isRecord()) {
                assertTrue(schemaName + "." + c.getName() + " should refer to a schema", nestedSchema != null);
                sameFields(doc, mapper, nested, nestedSchema);
            }
        }
    }

    private static void collectRefs(JsonNode doc, JsonNode node, List<String> dangling) {
        if (node.has("$ref") && doc.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            dangling.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(doc, child, dangling));
    }

    @Test
    public void blueprintServesEveryResourceAndDefinesEveryClassItNames() throws Exception {
        Path blueprint = classesDir().resolve("OSGI-INF/blueprint/ws.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document xml = factory.newDocumentBuilder().parse(blueprint.toFile());

        Map<String, String> beanClasses = new TreeMap<>();
        NodeList beans = xml.getElementsByTagNameNS("http://www.osgi.org/xmlns/blueprint/v1.0.0", "bean");
        for (int i = 0; i < beans.getLength(); i++) {
            Element bean = (Element) beans.item(i);
            beanClasses.put(bean.getAttribute("id"), bean.getAttribute("class"));
            Class.forName(bean.getAttribute("class")); // fails on a typo or a renamed class
        }
        NodeList references = xml.getElementsByTagNameNS("http://www.osgi.org/xmlns/blueprint/v1.0.0", "reference");
        for (int i = 0; i < references.getLength(); i++) {
            // fails on a typo or an interface that moved (the authenticator went to the security bundle)
            Class.forName(((Element) references.item(i)).getAttribute("interface"));
        }
        Set<String> served = new TreeSet<>();
        NodeList serviceBeans = xml.getElementsByTagNameNS("http://cxf.apache.org/blueprint/jaxrs", "serviceBeans");
        NodeList refs = ((Element) serviceBeans.item(0)).getElementsByTagNameNS("*", "ref");
        for (int i = 0; i < refs.getLength(); i++) {
            served.add(beanClasses.get(((Element) refs.item(i)).getAttribute("component-id")));
        }
        Set<String> resources =
                resourceClasses().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals("jaxrs:serviceBeans vs @Path classes", resources, served);

        Set<String> providers = new TreeSet<>();
        NodeList providerList = xml.getElementsByTagNameNS("http://cxf.apache.org/blueprint/jaxrs", "providers");
        NodeList providerRefs = ((Element) providerList.item(0)).getElementsByTagNameNS("*", "ref");
        for (int i = 0; i < providerRefs.getLength(); i++) {
            providers.add(beanClasses.get(((Element) providerRefs.item(i)).getAttribute("component-id")));
        }
        for (Class<?> mapper : List.of(
                StrataExceptionMapper.class,
                JsonSyntaxProblemMapper.class,
                JsonBindingProblemMapper.class,
                JsonProblemMapper.class,
                WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class,
                BasicAuthFilter.class,
                UnknownQueryParameterFilter.class)) {
            assertTrue(mapper.getSimpleName() + " is not a provider", providers.contains(mapper.getName()));
        }
    }
}

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
                if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                    found.add(c);
                }
            }
        }
        assertTrue("no resource classes found in " + dir, found.size() >= 8);
        return found;
    }

    private static Path classesDir() throws URISyntaxException {
        return Paths.get(OpenApiResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(new OpenApiResource().get());
    }

    /** Query parameter names of a documented operation, following $refs into components/parameters. */
    private static Set<String> documentedQuery(JsonNode doc, JsonNode pathItem, JsonNode operation) {
        Set<String> names = new TreeSet<>();
        for (JsonNode params : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : params) {
                JsonNode resolved = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
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
                    routes.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
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
        document().path("components").path("schemas").path("ErrorCode").path("enum")
                .forEach(code -> documented.add(code.asText()));
        Set<String> actual = new TreeSet<>();
        for (org.strata.api.ErrorCode code : org.strata.api.ErrorCode.values()) {
            actual.add(code.name());
        }
        assertEquals(actual, documented);
    }

    @Test
    public void everyReferenceResolvesAndEveryOperationIsSecuredAndDescribed() throws Exception {
        JsonNode doc = document();
        assertTrue(doc.get("openapi").asText().startsWith("3.0"));
        assertEquals("basic", doc.at("/components/securitySchemes/basicAuth/scheme").asText());
        assertTrue(doc.at("/security/0").has("basicAuth"));
        assertTrue(doc.at("/components/schemas/Problem/properties").has("code"));
        List<String> dangling = new ArrayList<>();
        collectRefs(doc, doc, dangling);
        assertTrue("dangling $refs: " + dangling, dangling.isEmpty());
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (!op.getKey().equals("parameters")) {
                    assertTrue(path.getKey() + " " + op.getKey() + " lacks 401", op.getValue().at("/responses/401").isObject());
                    assertTrue(path.getKey() + " " + op.getKey() + " lacks a summary", op.getValue().has("summary"));
                }
            });
            // Every {template} in the path must be documented as a path parameter.
            Set<String> templates = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                templates.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode p : path.getValue().path("parameters")) {
                JsonNode resolved = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
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
                    assertTrue(route + " lacks 200", op.getValue().at("/responses/200").isObject());
                }
            }
        }
        assertTrue("task-starting routes: " + count, count >= 17);
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
        Set<String> served = new TreeSet<>();
        NodeList serviceBeans = xml.getElementsByTagNameNS("http://cxf.apache.org/blueprint/jaxrs", "serviceBeans");
        NodeList refs = ((Element) serviceBeans.item(0)).getElementsByTagNameNS("*", "ref");
        for (int i = 0; i < refs.getLength(); i++) {
            served.add(beanClasses.get(((Element) refs.item(i)).getAttribute("component-id")));
        }
        Set<String> resources = resourceClasses().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals("jaxrs:serviceBeans vs @Path classes", resources, served);

        Set<String> providers = new TreeSet<>();
        NodeList providerList = xml.getElementsByTagNameNS("http://cxf.apache.org/blueprint/jaxrs", "providers");
        NodeList providerRefs = ((Element) providerList.item(0)).getElementsByTagNameNS("*", "ref");
        for (int i = 0; i < providerRefs.getLength(); i++) {
            providers.add(beanClasses.get(((Element) providerRefs.item(i)).getAttribute("component-id")));
        }
        for (Class<?> mapper : List.of(StrataExceptionMapper.class, JsonSyntaxProblemMapper.class,
                JsonBindingProblemMapper.class, JsonProblemMapper.class, WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class, BasicAuthFilter.class, UnknownQueryParameterFilter.class)) {
            assertTrue(mapper.getSimpleName() + " is not a provider", providers.contains(mapper.getName()));
        }
    }
}

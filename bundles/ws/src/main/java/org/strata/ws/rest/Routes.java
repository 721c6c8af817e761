package org.strata.ws.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/**
 * Which HTTP methods each path of the REST API takes, read from the resource classes' JAX-RS annotations. CXF
 * answers OPTIONS, and the Allow header of a 405, with every method the whole service has; a client asking what
 * it may do with one resource should get that resource's methods.
 */
final class Routes {

    private record Route(Pattern path, String method) {}

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The routes of these resource instances (their classes' annotations). */
    static Routes of(Collection<?> resources) {
        List<Route> routes = new ArrayList<>();
        for (Object resource : resources) {
            Class<?> type = resource instanceof Class<?> c ? c : resource.getClass();
            String base = pathOf(type.getAnnotation(Path.class));
            for (Method m : type.getMethods()) {
                String http = httpMethod(m);
                if (http != null) {
                    routes.add(new Route(regex(join(base, pathOf(m.getAnnotation(Path.class)))), http));
                }
            }
        }
        return new Routes(routes);
    }

    /**
     * The methods a path (relative to the API's base, with or without its leading slash) takes, HEAD with GET and
     * OPTIONS with any; empty when no resource is there.
     */
    Set<String> allowed(String path) {
        String p = "/" + strip(path);
        Set<String> methods = new TreeSet<>();
        for (Route r : routes) {
            if (r.path().matcher(p).matches()) {
                methods.add(r.method());
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String pathOf(Path path) {
        return path == null ? "" : strip(path.value());
    }

    private static String join(String base, String sub) {
        String joined = "/" + base + (sub.isEmpty() ? "" : "/" + sub);
        return joined.replaceAll("/+", "/");
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** A JAX-RS path template as a regular expression: {name} is one segment, {name: regex} is the regex. */
    static Pattern regex(String template) {
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(Pattern.quote(template.substring(last, m.start())));
            out.append('(').append(m.group(1) == null ? "[^/]+" : m.group(1)).append(')');
            last = m.end();
        }
        out.append(Pattern.quote(template.substring(last))).append("/?");
        return Pattern.compile(out.toString());
    }
}

package org.strata.ws.rest;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import org.strata.api.ErrorCode;

/**
 * Refuses a query parameter that the matched operation does not take: 400, naming it and listing the ones the
 * operation takes. Ignoring it would answer "?limt=5" or "?datacentre=x" as if they were not there, and the
 * client would never learn of its typo.
 *
 * <p>Post-matching, so that the operation is known: what it takes is read from the {@code @QueryParam}s of the
 * resource method, so that a new parameter needs nothing here. It runs after the (pre-matching) authentication,
 * so a stranger learns nothing about which parameters exist. CXF's own query overrides ({@code _type},
 * {@code _ctype}, {@code _method}) are not part of this API (nothing of Strata's uses them) and are refused like
 * any other unknown name.
 */
@Priority(Priorities.USER)
public final class UnknownQueryParameterFilter implements ContainerRequestFilter {
    /** Unknown names echoed back at most, each at most 40 characters: the detail stays small whatever is sent. */
    private static final int SHOWN = 5;

    /** The query parameter names of each resource method, read once. */
    private final Map<Method, Set<String>> accepted = new ConcurrentHashMap<>();

    // A field, not a constructor argument: JAX-RS injects a proxy to the current request's matched operation.
    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return; // nothing was matched (CXF's automatic OPTIONS): there is no operation to hold the names to
        }
        Set<String> takes = accepted.computeIfAbsent(method, UnknownQueryParameterFilter::queryParameters);
        List<String> unknown = request.getUriInfo().getQueryParameters().keySet().stream()
                .filter(name -> !name.isEmpty() && !takes.contains(name))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            request.abortWith(
                    Problem.of(ErrorCode.INVALID_INPUT, detail(unknown, takes)).toResponse());
        }
    }

    static Set<String> queryParameters(Method method) {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null) {
                names.add(query.value());
            }
        }
        return Set.copyOf(names);
    }

    static String detail(List<String> unknown, Set<String> takes) {
        String names = unknown.stream()
                .limit(SHOWN)
                .map(name -> "'" + abbreviate(name) + "'")
                .collect(Collectors.joining(", "));
        if (unknown.size() > SHOWN) {
            names += " and " + (unknown.size() - SHOWN) + " more";
        }
        String what = unknown.size() == 1 ? "unknown query parameter " : "unknown query parameters ";
        String allowed = takes.isEmpty()
                ? "this operation takes no query parameters"
                : "this operation takes " + String.join(", ", new TreeSet<>(takes));
        return what + names + "; " + allowed;
    }

    private static String abbreviate(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}

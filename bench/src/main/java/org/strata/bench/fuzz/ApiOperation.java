package org.strata.bench.fuzz;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of the document: a method on a path template, its parameters, its request body (null when it
 * takes none) and the responses it documents by status key ({@code 200}, {@code 4XX}, {@code default}).
 * {@code openToAll} when its security requirements include the empty one: it may be called without credentials.
 */
record ApiOperation(
        String id,
        String method,
        String pathTemplate,
        List<ApiParameter> parameters,
        ApiBody body,
        Map<String, ApiResponse> responses,
        boolean openToAll) {

    List<ApiParameter> parameters(String in) {
        return parameters.stream().filter(p -> p.in().equals(in)).toList();
    }

    /**
     * The response the document gives for this status: the exact code first, then its range ({@code 4XX}), then
     * {@code default}; empty when the document does not declare the status for this operation.
     */
    Optional<ApiResponse> response(int status) {
        ApiResponse exact = responses.get(Integer.toString(status));
        if (exact != null) {
            return Optional.of(exact);
        }
        ApiResponse range = responses.get((status / 100) + "XX");
        if (range == null) {
            range = responses.get((status / 100) + "xx");
        }
        return Optional.ofNullable(range != null ? range : responses.get("default"));
    }

    boolean isDelete() {
        return "DELETE".equals(method);
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}

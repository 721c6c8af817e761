package org.strata.bench.fuzz;

import java.util.List;
import java.util.Map;

/**
 * One request the fuzzer sends. {@code path} is below the document's base path and already encoded as it goes on
 * the wire; {@code query} pairs are encoded too. {@code body} is the exact text sent (malformed on purpose at
 * times), null for none. {@code operation} is null for a request off the document.
 *
 * @param mutation what was done to make it, for a person reading the report ("valid", "missing required 'name'")
 * @param unknownQuery whether it carries a query parameter the document does not list (reported apart)
 * @param authorization the Authorization header to send; null for the fuzzer's own credentials
 */
record FuzzRequest(
        ApiOperation operation,
        String method,
        String path,
        List<Map.Entry<String, String>> query,
        Map<String, String> headers,
        String body,
        Intent intent,
        String mutation,
        boolean unknownQuery,
        String authorization) {

    FuzzRequest {
        query = List.copyOf(query);
        headers = Map.copyOf(headers);
    }

    String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder b = new StringBuilder(path).append('?');
        for (int i = 0; i < query.size(); i++) {
            b.append(i == 0 ? "" : "&")
                    .append(query.get(i).getKey())
                    .append('=')
                    .append(query.get(i).getValue());
        }
        return b.toString();
    }

    String operationName() {
        return operation == null ? method + " (off the document)" : operation.toString();
    }
}

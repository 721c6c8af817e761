package org.strata.bench.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request and what came back: the status (0 when no answer came: {@code failure} says why), the headers with
 * lower-case names, and the body as text.
 */
record Exchange(
        FuzzRequest request, int status, Map<String, List<String>> headers, String body, String failure, long millis) {

    Exchange {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The media type of the answer, without parameters, lower case; empty when there is none. */
    String mediaType() {
        return header("content-type")
                .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .orElse("");
    }
}

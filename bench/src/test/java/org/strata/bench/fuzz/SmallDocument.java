package org.strata.bench.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written document the tests work on (small-openapi.json beside this class), and a mapper. */
final class SmallDocument {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private SmallDocument() {}

    static ApiDocument load() {
        try (InputStream in = SmallDocument.class.getResourceAsStream("small-openapi.json")) {
            return new ApiDocument(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiOperation op(ApiDocument document, String method, String template) {
        return document.operation(method, template).orElseThrow();
    }
}

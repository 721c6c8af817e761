package org.strata.bench.fuzz;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks JSON values against the document's schemas (networknt json-schema-validator, JSON Schema 2020-12 after
 * {@link SchemaTranslator}), with formats asserted: a {@code date-time} that is no date-time is a mismatch.
 */
final class SchemaValidator {

    private static final String RESPONSE_IRI = "https://strata.invalid/openapi-response.json";
    private static final String REQUEST_IRI = "https://strata.invalid/openapi-request.json";

    private final SchemaTranslator responses = new SchemaTranslator(SchemaTranslator.View.RESPONSE, RESPONSE_IRI);
    private final SchemaTranslator requests = new SchemaTranslator(SchemaTranslator.View.REQUEST, REQUEST_IRI);
    private final SchemaRegistry registry;
    // Compiled once per schema node of the document: the same few dozen schemas check thousands of answers.
    private final IdentityHashMap<JsonNode, Schema> compiledResponse = new IdentityHashMap<>();
    private final IdentityHashMap<JsonNode, Schema> compiledRequest = new IdentityHashMap<>();

    SchemaValidator(ApiDocument document, ObjectMapper json) {
        Map<String, String> loaded = new HashMap<>();
        loaded.put(RESPONSE_IRI, json.writeValueAsString(responses.translateComponents(document.root())));
        loaded.put(REQUEST_IRI, json.writeValueAsString(requests.translateComponents(document.root())));
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemas(loaded).schemaRegistryConfig(config));
    }

    /** What is wrong with a response body, against the schema the document gives it; empty when it conforms. */
    List<String> checkResponse(JsonNode openApiSchema, JsonNode body) {
        return check(compiledResponse, responses, openApiSchema, body);
    }

    /** What is wrong with a request value, against its schema in the document; empty when it conforms. */
    List<String> checkRequest(JsonNode openApiSchema, JsonNode value) {
        return check(compiledRequest, requests, openApiSchema, value);
    }

    private List<String> check(
            Map<JsonNode, Schema> cache, SchemaTranslator translator, JsonNode openApiSchema, JsonNode value) {
        Schema schema = cache.computeIfAbsent(openApiSchema, s -> {
            JsonNode translated = translator.translate(s);
            ObjectNode root;
            if (translated.isObject()) {
                root = (ObjectNode) translated.deepCopy();
            } else {
                // A boolean schema: true takes anything, false nothing.
                root = JsonNodeFactory.instance.objectNode();
                if (!translated.asBoolean()) {
                    root.put("not", true);
                }
            }
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            return registry.getSchema(root);
        });
        return schema.validate(value).stream().map(e -> e.toString()).toList();
    }
}

package org.strata.bench.fuzz;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The request body an operation takes: whether it is required, and its schema by media type. */
record ApiBody(boolean required, Map<String, JsonNode> media) {

    /** The schema of the JSON body, or null when the operation takes no JSON. */
    JsonNode jsonSchema() {
        return media.get("application/json");
    }
}

package org.strata.bench.fuzz;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A documented response: its status key, its schema by media type (none for a body-less answer) and its headers. */
record ApiResponse(String status, Map<String, JsonNode> media, Map<String, JsonNode> headers) {}

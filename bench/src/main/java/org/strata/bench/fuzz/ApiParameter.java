package org.strata.bench.fuzz;

import tools.jackson.databind.JsonNode;

/** A parameter of an operation: {@code in} is path, query, header or cookie; path parameters are always required. */
record ApiParameter(String name, String in, boolean required, JsonNode schema) {}

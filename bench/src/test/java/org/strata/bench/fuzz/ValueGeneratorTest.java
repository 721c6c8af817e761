package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

public class ValueGeneratorTest {

    private final ApiDocument document = SmallDocument.load();
    private final SchemaValidator validator = new SchemaValidator(document, SmallDocument.JSON);
    private final ValueGenerator generator = new ValueGenerator(document, FieldHints.NONE);
    private final JsonNode spec = ApiDocument.ref("#/components/schemas/ThingSpec");

    @Test
    public void everyGeneratedValueConformsToItsSchema() {
        for (long seed = 0; seed < 300; seed++) {
            JsonNode value = generator.valid(spec, new SplittableRandom(seed));
            assertEquals("seed " + seed + ": " + value, List.of(), validator.checkRequest(spec, value));
        }
    }

    @Test
    public void requiredPropertiesAlwaysComeAndOptionalOnesVary() {
        Set<Set<String>> shapes = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            JsonNode value = generator.valid(spec, new SplittableRandom(seed));
            assertTrue(value.has("name") && value.has("count"));
            shapes.add(new HashSet<>(value.propertyNames()));
        }
        assertTrue("only " + shapes.size() + " shapes", shapes.size() > 20);
    }

    @Test
    public void oneSeedGivesOneValue() {
        assertEquals(generator.valid(spec, new SplittableRandom(42)), generator.valid(spec, new SplittableRandom(42)));
        assertNotEquals(
                generator.valid(spec, new SplittableRandom(42)), generator.valid(spec, new SplittableRandom(43)));
    }

    @Test
    public void integersReachBothBoundsAndStayWithin() {
        JsonNode schema = SmallDocument.JSON.readTree("{\"type\":\"integer\",\"minimum\":1,\"maximum\":10}");
        Set<Long> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            long v = ValueGenerator.integer(schema, random);
            assertTrue(v >= 1 && v <= 10);
            seen.add(v);
        }
        assertTrue(seen.contains(1L) && seen.contains(10L));
    }

    @Test
    public void aHintWinsOverTheSchemaAndAnIncludeRuleDecidesOptionalFields() {
        FieldHints hints = new FieldHints() {
            @Override
            public JsonNode hint(
                    String component,
                    String field,
                    Map<String, String> path,
                    tools.jackson.databind.node.ObjectNode siblings,
                    java.util.random.RandomGenerator random) {
                return "ThingSpec.name".equals(component + "." + field)
                        ? JsonNodeFactory.instance.stringNode("hinted")
                        : null;
            }

            @Override
            public Boolean include(String component, String field, Map<String, String> path) {
                return "note".equals(field) ? Boolean.TRUE : "parts".equals(field) ? Boolean.FALSE : null;
            }
        };
        ValueGenerator hinted = new ValueGenerator(document, hints);
        for (long seed = 0; seed < 30; seed++) {
            JsonNode value = hinted.valid(spec, new SplittableRandom(seed));
            assertEquals("hinted", value.path("name").asString());
            assertTrue(value.has("note"));
            assertTrue(!value.has("parts"));
        }
    }
}

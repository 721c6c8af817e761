package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI 3.0 keywords the translation gives their meaning to, and the checks the validator then makes. */
public class SchemaValidatorTest {

    private final ApiDocument document = SmallDocument.load();
    private final SchemaValidator validator = new SchemaValidator(document, SmallDocument.JSON);
    private final JsonNode thing = ApiDocument.ref("#/components/schemas/Thing");
    private final JsonNode spec = ApiDocument.ref("#/components/schemas/ThingSpec");

    private static JsonNode json(String text) {
        return SmallDocument.JSON.readTree(text);
    }

    @Test
    public void aConformingBodyPasses() {
        assertEquals(
                java.util.List.of(),
                validator.checkResponse(
                        thing, json("{\"id\":\"1\",\"name\":\"a\",\"created\":\"2026-01-01T00:00:00Z\"}")));
    }

    @Test
    public void nullableBesideAllOfAdmitsNullButNotOtherValues() {
        assertTrue(validator
                .checkResponse(thing, json("{\"id\":\"1\",\"name\":\"a\",\"color\":null}"))
                .isEmpty());
        assertTrue(validator
                .checkResponse(thing, json("{\"id\":\"1\",\"name\":\"a\",\"color\":\"red\"}"))
                .isEmpty());
        assertFalse(validator
                .checkResponse(thing, json("{\"id\":\"1\",\"name\":\"a\",\"color\":\"blue\"}"))
                .isEmpty());
    }

    @Test
    public void nullIsRefusedWhereTheSchemaIsNotNullable() {
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"enabled\":null}"))
                .isEmpty());
        assertTrue(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"note\":null}"))
                .isEmpty());
    }

    @Test
    public void aWriteOnlyPropertyMayBeSentButNeverComeBack() {
        assertTrue(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"secret\":\"s\"}"))
                .isEmpty());
        assertFalse(validator
                .checkResponse(thing, json("{\"id\":\"1\",\"name\":\"a\",\"secret\":\"s\"}"))
                .isEmpty());
    }

    @Test
    public void requiredRangesLengthsPatternsAndClosedObjectsAreChecked() {
        assertFalse(validator.checkRequest(spec, json("{\"name\":\"a\"}")).isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":11}"))
                .isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"A!\",\"count\":1}"))
                .isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"other\":1}"))
                .isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"parts\":[{\"label\":\"x\"}]}"))
                .isEmpty());
        assertTrue(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"parts\":[{\"label\":\"xy\"}]}"))
                .isEmpty());
    }

    @Test
    public void int32BoundsAnIntegerAndIntegersAreNotFractions() {
        assertTrue(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"size\":2147483647}"))
                .isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1,\"size\":2147483648}"))
                .isEmpty());
        assertFalse(validator
                .checkRequest(spec, json("{\"name\":\"a\",\"count\":1.5}"))
                .isEmpty());
    }

    @Test
    public void aDateTimeFormatIsAsserted() {
        assertFalse(validator
                .checkResponse(thing, json("{\"id\":\"1\",\"name\":\"a\",\"created\":\"yesterday\"}"))
                .isEmpty());
    }

    @Test
    public void anInlineSchemaWorksLikeAComponent() {
        JsonNode page = document.operation("GET", "/things")
                .orElseThrow()
                .response(200)
                .orElseThrow()
                .media()
                .get("application/json");
        assertTrue(validator
                .checkResponse(page, json("{\"items\":[],\"total\":0}"))
                .isEmpty());
        assertFalse(validator
                .checkResponse(page, json("{\"items\":[{\"name\":\"a\"}],\"total\":1}"))
                .isEmpty());
    }

    @Test
    public void translationTurnsExclusiveBoundsIntoNumbers() {
        SchemaTranslator t = new SchemaTranslator(SchemaTranslator.View.REQUEST, "urn:x");
        JsonNode out = t.translate(json("{\"type\":\"integer\",\"minimum\":0,\"exclusiveMinimum\":true}"));
        assertEquals(0, out.path("exclusiveMinimum").asInt(-1));
        assertFalse(out.has("minimum"));
        assertEquals(
                "urn:x#/components/schemas/A",
                t.translate(json("{\"$ref\":\"#/components/schemas/A\"}"))
                        .path("$ref")
                        .asString());
    }
}

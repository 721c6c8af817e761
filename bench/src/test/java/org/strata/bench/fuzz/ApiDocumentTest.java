package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

public class ApiDocumentTest {

    private final ApiDocument document = SmallDocument.load();

    @Test
    public void readsEveryOperationWithItsBasePath() {
        assertEquals("/api", document.basePath());
        assertEquals(
                List.of(
                        "GET /things",
                        "POST /things",
                        "GET /things/{id}",
                        "DELETE /things/{id}",
                        "POST /things/{id}/power/{action}"),
                document.operations().stream().map(ApiOperation::toString).toList());
    }

    @Test
    public void parametersComeFromThePathItemAndTheOperationAndReferences() {
        ApiOperation list = SmallDocument.op(document, "GET", "/things");
        assertEquals(
                List.of("limit", "state"),
                list.parameters("query").stream().map(ApiParameter::name).toList());
        assertEquals(
                500, list.parameters("query").get(0).schema().path("maximum").asInt());
        ApiOperation get = SmallDocument.op(document, "GET", "/things/{id}");
        assertEquals(1, get.parameters("path").size());
        assertTrue(get.parameters("path").get(0).required());
    }

    @Test
    public void anOperationParameterOverridesThePathItemsOfTheSameName() {
        ApiOperation delete = SmallDocument.op(document, "DELETE", "/things/{id}");
        assertEquals(1, delete.parameters("path").size());
        assertEquals(
                3, delete.parameters("path").get(0).schema().path("minLength").asInt());
    }

    @Test
    public void aResponseIsFoundByCodeThenRangeThenDefault() {
        ApiOperation create = SmallDocument.op(document, "POST", "/things");
        assertEquals("201", create.response(201).orElseThrow().status());
        assertEquals("5XX", create.response(503).orElseThrow().status());
        assertFalse(create.response(404).isPresent());
        assertEquals(
                "default",
                SmallDocument.op(document, "GET", "/things/{id}")
                        .response(418)
                        .orElseThrow()
                        .status());
    }

    @Test
    public void referencedResponsesKeepTheirMediaTypesAndABodylessResponseHasNone() {
        ApiOperation create = SmallDocument.op(document, "POST", "/things");
        assertTrue(create.response(400).orElseThrow().media().containsKey("application/problem+json"));
        assertTrue(SmallDocument.op(document, "DELETE", "/things/{id}")
                .response(204)
                .orElseThrow()
                .media()
                .isEmpty());
        assertTrue(create.body().required());
        assertEquals(
                "#/components/schemas/ThingSpec",
                create.body().jsonSchema().path("$ref").asString());
        assertNull(SmallDocument.op(document, "GET", "/things").body());
    }

    @Test
    public void referencesResolveAndDanglingOnesAreRefused() {
        assertEquals(
                "object",
                document.resolve(ApiDocument.ref("#/components/schemas/Part"))
                        .path("type")
                        .asString());
        try {
            document.pointer("#/components/schemas/Nothing");
            fail("a dangling reference resolved");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("Nothing"));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void aDocumentThatIsNotOpenApi30IsRefused() {
        new ApiDocument(SmallDocument.JSON.readTree("{\"openapi\":\"3.1.0\",\"paths\":{}}"));
    }
}

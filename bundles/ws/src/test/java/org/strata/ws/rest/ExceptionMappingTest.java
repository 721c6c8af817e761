package org.strata.ws.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.core.Response;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.PoolSpec;

public class ExceptionMappingTest {
    private final ObjectMapper json = JsonMapper.create();

    private JsonNode body(Response response) throws JsonProcessingException {
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        return json.readTree(json.writeValueAsString(response.getEntity()));
    }

    @Test
    public void everyErrorCodeMapsToItsStatusAndAProblem() throws Exception {
        for (ErrorCode code : ErrorCode.values()) {
            Response response = new StrataExceptionMapper().toResponse(new StrataException(code, "about " + code));
            assertEquals(code.name(), code.httpStatus(), response.getStatus());
            JsonNode problem = body(response);
            assertEquals(code.httpStatus(), problem.get("status").asInt());
            assertEquals(code.name(), problem.get("code").asText());
            assertEquals("about " + code, problem.get("detail").asText());
            assertEquals(
                    "urn:strata:problem:"
                            + code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    problem.get("type").asText());
            assertFalse(problem.get("title").asText().isBlank());
        }
        assertEquals(
                "Not found",
                body(new StrataExceptionMapper().toResponse(StrataException.notFound("host", "h1")))
                        .get("title")
                        .asText());
    }

    private JsonNode jsonError(String input, Class<?> type) throws Exception {
        try {
            json.readValue(input, type);
        } catch (JsonProcessingException e) {
            // Dispatch the way JAX-RS does: the mapper of the nearest exception type.
            Response response;
            if (e instanceof com.fasterxml.jackson.core.JsonParseException p) {
                response = new JsonSyntaxProblemMapper().toResponse(p);
            } else if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
                response = new JsonBindingProblemMapper().toResponse(m);
            } else {
                response = new JsonProblemMapper().toResponse(e);
            }
            assertEquals(400, response.getStatus());
            JsonNode problem = body(response);
            assertEquals("INVALID_INPUT", problem.get("code").asText());
            String detail = problem.get("detail").asText();
            assertFalse(
                    detail,
                    detail.contains("java.")
                            || detail.contains("com.fasterxml")
                            || detail.contains("org.strata")
                            || detail.contains("`"));
            return problem;
        }
        fail("no exception for " + input);
        return null;
    }

    @Test
    public void jacksonErrorsBecome400WithAFriendlyDetail() throws Exception {
        assertEquals(
                "unknown field 'foo'; known fields: description, name",
                jsonError("{\"name\":\"a\",\"foo\":1}", DatacenterSpec.class)
                        .get("detail")
                        .asText());
        assertEquals(
                "malformed JSON at line 1 column 5",
                jsonError("{\"a\"x", DatacenterSpec.class).get("detail").asText());
        assertTrue(jsonError("{\"name\":", DatacenterSpec.class)
                .get("detail")
                .asText()
                .startsWith("incomplete JSON"));
        assertEquals(
                "field 'cpuLimit' must be an integer",
                jsonError("{\"name\":\"a\",\"cpuLimit\":\"lots\"}", PoolSpec.class)
                        .get("detail")
                        .asText());
        assertEquals(
                "the request body must be a JSON object",
                jsonError("[1,2]", DatacenterSpec.class).get("detail").asText());
        assertTrue(jsonError("{\"name\":\"a\"} {}", DatacenterSpec.class)
                        .get("detail")
                        .asText()
                        .length()
                > 0);
    }

    @Test
    public void anUnexpectedThrowableIs500WithAReferenceAndNoInternals() throws Exception {
        Response response = new UnexpectedExceptionMapper()
                .toResponse(new IllegalStateException("secret internals at org.strata.core.Foo"));
        assertEquals(500, response.getStatus());
        String text = json.writeValueAsString(response.getEntity());
        JsonNode problem = json.readTree(text);
        assertEquals("INTERNAL", problem.get("code").asText());
        assertTrue(problem.get("detail")
                .asText()
                .matches("internal error; reference [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertFalse(text, text.contains("IllegalState") || text.contains("secret") || text.contains("org.strata"));
    }

    @Test
    public void runtimeErrorsKeepTheirStatus() throws Exception {
        assertEquals(
                404,
                new WebApplicationExceptionMapper()
                        .toResponse(new NotFoundException())
                        .getStatus());
        assertEquals(
                "NOT_FOUND",
                body(new WebApplicationExceptionMapper().toResponse(new NotFoundException()))
                        .get("code")
                        .asText());
        Response notAllowed =
                new WebApplicationExceptionMapper().toResponse(new NotAllowedException("GET", new String[] {"POST"}));
        assertEquals(405, notAllowed.getStatus());
        assertNotNull(notAllowed.getHeaderString("Allow"));
        assertTrue(notAllowed.getHeaderString("Allow").contains("GET"));
        assertEquals(
                415,
                new WebApplicationExceptionMapper()
                        .toResponse(new NotSupportedException())
                        .getStatus());
        assertEquals(
                406,
                new WebApplicationExceptionMapper()
                        .toResponse(new NotAcceptableException())
                        .getStatus());
        Response unavailable = new WebApplicationExceptionMapper()
                .toResponse(new javax.ws.rs.ServiceUnavailableException("db down at jdbc:secret"));
        assertEquals(503, unavailable.getStatus());
        assertFalse(body(unavailable).get("detail").asText().contains("secret"));
    }

    @Test
    public void badQueryValuesNameTheParameter() {
        assertInvalid(() -> QueryParams.page(null, "abc"), "'limit'");
        assertInvalid(() -> QueryParams.page(null, "100000"), "'limit'");
        assertInvalid(() -> QueryParams.page("-1", null), "'offset'");
        assertInvalid(() -> QueryParams.enumeration("state", "FOO", org.strata.api.task.TaskState.class), "'state'");
        assertEquals(
                org.strata.api.task.TaskState.RUNNING,
                QueryParams.enumeration("state", "running", org.strata.api.task.TaskState.class));
        assertEquals(50, QueryParams.page("", null).limit());
    }

    private static void assertInvalid(Runnable call, String mention) {
        try {
            call.run();
            fail("no exception");
        } catch (StrataException e) {
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(mention));
        }
    }
}

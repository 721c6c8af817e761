package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class ResponseCheckerTest {

    private static final String SECRET = "Fz-Secret-test";
    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    private final ApiDocument document = SmallDocument.load();
    private final SchemaValidator validator = new SchemaValidator(document, SmallDocument.JSON);
    private final ResponseChecker strict = new ResponseChecker(document, validator, SmallDocument.JSON, SECRET, true);
    private final ApiOperation create = SmallDocument.op(document, "POST", "/things");
    private final ApiOperation get = SmallDocument.op(document, "GET", "/things/{id}");
    private final ApiOperation delete = SmallDocument.op(document, "DELETE", "/things/{id}");

    private static FuzzRequest request(ApiOperation op, Intent intent, boolean unknownQuery) {
        return new FuzzRequest(
                op,
                op == null ? "PATCH" : op.method(),
                "/things",
                List.of(),
                Map.of(),
                null,
                intent,
                "test",
                unknownQuery,
                null);
    }

    private static Exchange answer(
            FuzzRequest r, int status, String type, String body, Map<String, List<String>> extra) {
        Map<String, List<String>> headers = new java.util.HashMap<>(extra);
        if (type != null) {
            headers.put("content-type", List.of(type));
        }
        return new Exchange(r, status, headers, body, null, 1);
    }

    private static String problem(int status) {
        return "{\"type\":\"urn:x\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"d\",\"code\":\"C\"}";
    }

    private Set<Category> categories(ResponseChecker checker, Exchange x) {
        return checker.check(x).stream().map(Finding::category).collect(Collectors.toSet());
    }

    private Set<Category> categories(Exchange x) {
        return categories(strict, x);
    }

    @Test
    public void aConformingAnswerHasNoFinding() {
        assertEquals(
                Set.of(),
                categories(answer(
                        request(create, Intent.VALID, false), 201, JSON, "{\"id\":\"1\",\"name\":\"a\"}", Map.of())));
        assertEquals(
                Set.of(),
                categories(answer(
                        request(create, Intent.INVALID, false),
                        400,
                        PROBLEM + "; charset=UTF-8",
                        problem(400),
                        Map.of())));
        assertEquals(Set.of(), categories(answer(request(delete, Intent.VALID, false), 204, null, "", Map.of())));
    }

    @Test
    public void a500IsAFindingEvenWhenDocumented() {
        assertEquals(
                Set.of(Category.STATUS_500),
                categories(answer(request(create, Intent.VALID, false), 500, PROBLEM, problem(500), Map.of())));
    }

    @Test
    public void aDocumented5xxCountsOnlyWhenStrict() {
        Exchange x = answer(request(create, Intent.VALID, false), 503, PROBLEM, problem(503), Map.of());
        assertEquals(Set.of(Category.STATUS_5XX_DOCUMENTED), categories(x));
        assertEquals(
                Set.of(), categories(new ResponseChecker(document, validator, SmallDocument.JSON, SECRET, false), x));
        ApiOperation power = SmallDocument.op(document, "POST", "/things/{id}/power/{action}");
        assertEquals(
                Set.of(Category.STATUS_5XX_UNDOCUMENTED, Category.PROBLEM_MISMATCH),
                categories(answer(
                        request(power, Intent.VALID, false), 502, "text/html", "<h1>Bad gateway</h1>", Map.of())));
    }

    @Test
    public void aStatusTheOperationDoesNotListIsUndocumented() {
        assertEquals(
                Set.of(Category.UNDOCUMENTED_STATUS),
                categories(answer(request(create, Intent.EDGE, false), 406, PROBLEM, problem(406), Map.of())));
    }

    @Test
    public void anErrorMustBeTheProblemDocument() {
        assertEquals(
                Set.of(Category.PROBLEM_MISMATCH),
                categories(answer(
                        request(create, Intent.INVALID, false),
                        400,
                        "text/html;charset=iso-8859-1",
                        "<h1>Bad Message 400</h1>",
                        Map.of())));
        assertEquals(
                Set.of(Category.PROBLEM_MISMATCH),
                categories(answer(request(create, Intent.INVALID, false), 400, PROBLEM, "{\"status\":400}", Map.of())));
        assertEquals(
                Set.of(Category.PROBLEM_MISMATCH),
                categories(answer(request(create, Intent.INVALID, false), 400, PROBLEM, problem(409), Map.of())));
        // off the document: no operation, still a problem
        assertEquals(
                Set.of(Category.PROBLEM_MISMATCH),
                categories(answer(request(null, Intent.OFF_DOCUMENT, false), 405, "text/plain", "no", Map.of())));
    }

    @Test
    public void aSuccessBodyMustMatchItsSchemaAndContentType() {
        assertEquals(
                Set.of(Category.SCHEMA_MISMATCH),
                categories(answer(request(get, Intent.VALID, false), 200, JSON, "{\"name\":\"a\"}", Map.of())));
        assertEquals(
                Set.of(Category.SCHEMA_MISMATCH),
                categories(answer(request(get, Intent.VALID, false), 200, JSON, "not json", Map.of())));
        assertEquals(
                Set.of(Category.WRONG_CONTENT_TYPE),
                categories(answer(
                        request(get, Intent.VALID, false),
                        200,
                        "text/plain",
                        "{\"id\":\"1\",\"name\":\"a\"}",
                        Map.of())));
        assertEquals(
                Set.of(Category.WRONG_CONTENT_TYPE),
                categories(answer(request(delete, Intent.VALID, false), 204, JSON, "{}", Map.of())));
    }

    @Test
    public void stackTracesAndClassNamesAreLeaksButABundleNameInASuccessIsNot() {
        String trace = problem(400)
                .replace("\"d\"", "\"java.lang.IllegalStateException: x\\n\\tat org.strata.X.y(X.java:1)\"");
        assertTrue(categories(answer(request(create, Intent.INVALID, false), 400, PROBLEM, trace, Map.of()))
                .contains(Category.STACK_TRACE));
        String className = problem(400).replace("\"d\"", "\"failed in org.apache.cxf.jaxrs\"");
        assertTrue(categories(answer(request(create, Intent.INVALID, false), 400, PROBLEM, className, Map.of()))
                .contains(Category.STACK_TRACE));
        assertTrue(categories(answer(
                        request(get, Intent.VALID, false),
                        200,
                        JSON,
                        "{\"id\":\"1\",\"name\":\"ClosedChannelException\"}",
                        Map.of()))
                .contains(Category.STACK_TRACE));
        assertTrue(categories(answer(
                        request(get, Intent.VALID, false),
                        200,
                        JSON,
                        "{\"id\":\"1\",\"name\":\"a\"}",
                        Map.of("x-error", List.of("java.lang.NullPointerException"))))
                .contains(Category.STACK_TRACE));
        assertEquals(
                Set.of(),
                categories(answer(
                        request(get, Intent.VALID, false),
                        200,
                        JSON,
                        "{\"id\":\"1\",\"name\":\"org.strata.driver.demo\"}",
                        Map.of())));
    }

    @Test
    public void thePasswordSentMustNeverComeBack() {
        assertTrue(categories(answer(
                        request(get, Intent.VALID, false),
                        200,
                        JSON,
                        "{\"id\":\"1\",\"name\":\"" + SECRET + "\"}",
                        Map.of()))
                .contains(Category.SECRET_ECHO));
    }

    @Test
    public void whatTheDocumentForbidsMustNotSucceed() {
        assertEquals(
                Set.of(Category.INVALID_ACCEPTED),
                categories(answer(
                        request(create, Intent.INVALID, false), 201, JSON, "{\"id\":\"1\",\"name\":\"a\"}", Map.of())));
        assertEquals(
                Set.of(Category.UNKNOWN_QUERY_ACCEPTED),
                categories(answer(
                        request(create, Intent.INVALID, true), 201, JSON, "{\"id\":\"1\",\"name\":\"a\"}", Map.of())));
        assertEquals(
                Set.of(Category.OFF_DOCUMENT_ACCEPTED),
                categories(answer(request(null, Intent.OFF_DOCUMENT, false), 200, JSON, "{}", Map.of())));
    }

    @Test
    public void aValidRequestRefusedIsReportedApartButNotFor404Or409() {
        assertEquals(
                Set.of(Category.VALID_REJECTED),
                categories(answer(request(create, Intent.VALID, false), 400, PROBLEM, problem(400), Map.of())));
        assertEquals(
                Set.of(),
                categories(answer(request(delete, Intent.VALID, false), 404, PROBLEM, problem(404), Map.of())));
        assertEquals(
                Set.of(Category.EDGE_REJECTED),
                categories(answer(request(create, Intent.EDGE, false), 400, PROBLEM, problem(400), Map.of())));
        assertTrue(!Category.VALID_REJECTED.finding() && !Category.EDGE_REJECTED.finding());
    }

    @Test
    public void badCredentialsGetA401WithItsChallenge() {
        Map<String, List<String>> challenge = Map.of("www-authenticate", List.of("Basic realm=\"strata\""));
        ApiOperation list = SmallDocument.op(document, "GET", "/things");
        assertEquals(
                Set.of(Category.UNAUTHENTICATED_NOT_401, Category.UNDOCUMENTED_STATUS),
                categories(answer(request(list, Intent.UNAUTHENTICATED, false), 401, PROBLEM, problem(401), Map.of())));
        assertTrue(
                !categories(answer(request(list, Intent.UNAUTHENTICATED, false), 401, PROBLEM, problem(401), challenge))
                        .contains(Category.UNAUTHENTICATED_NOT_401));
        assertTrue(categories(answer(
                        request(list, Intent.UNAUTHENTICATED, false),
                        200,
                        JSON,
                        "{\"items\":[],\"total\":0}",
                        Map.of()))
                .contains(Category.UNAUTHENTICATED_NOT_401));
    }

    @Test
    public void noAnswerIsAFinding() {
        Exchange x = new Exchange(request(get, Intent.VALID, false), 0, Map.of(), "", "no answer within 90 s", 90_000);
        assertEquals(Set.of(Category.NO_ANSWER), categories(x));
    }
}

package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Holds every answer against the document: the status is one the operation documents, the Content-Type the one
 * documented for it, the body validates against its schema (the Problem schema for errors), nothing leaks (stack
 * traces, Java class names, the password the fuzzer sent), and the answer fits what the document says of the
 * request: a 2xx to what it forbids, a 4xx to what it allows, anything but 401 to bad credentials.
 */
final class ResponseChecker {

    /**
     * Stack frames, exception class names and Java package names. None of the fuzzer's own values contains one,
     * so an echoed input cannot pass for a leak.
     */
    private static final Pattern TRACE = Pattern.compile(
            "\\tat [\\w$.]+\\(|\\n\\s*at [\\w$.<>]+\\([\\w$]*\\.java:\\d+\\)|\\b\\w*(Exception|Throwable)\\b|\\b[A-Z]\\w+Error\\b");
    /**
     * Java package names: a leak in an error or a header. A success body may name a package on purpose: a
     * driver's {@code bundle} is its bundle's symbolic name ({@code org.strata.driver.demo}).
     */
    private static final Pattern PACKAGE = Pattern.compile(
            "\\b(java|javax|jakarta|sun|com\\.sun|org\\.apache|org\\.eclipse|org\\.osgi|org\\.ops4j|org\\.strata"
                    + "|com\\.fasterxml|tools\\.jackson|org\\.h2|org\\.postgresql|org\\.libvirt|org\\.flywaydb|com\\.zaxxer)\\.[a-z]\\w*");

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private final SchemaValidator validator;
    private final ObjectMapper json;
    private final String secret;
    private final JsonNode problemSchema;
    private final boolean documentedServerErrorsAreFindings;

    ResponseChecker(
            ApiDocument document,
            SchemaValidator validator,
            ObjectMapper json,
            String secret,
            boolean documentedServerErrorsAreFindings) {
        this.validator = validator;
        this.json = json;
        this.secret = secret;
        this.problemSchema =
                document.root().at("/components/schemas/Problem").isMissingNode() ? null : ApiDocument.ref(PROBLEM_REF);
        this.documentedServerErrorsAreFindings = documentedServerErrorsAreFindings;
    }

    List<Finding> check(Exchange x) {
        List<Finding> found = new ArrayList<>();
        FuzzRequest request = x.request();
        if (x.status() == 0) {
            found.add(new Finding(Category.NO_ANSWER, x.failure(), x));
            return found;
        }
        leaks(x, found);
        ApiOperation op = request.operation();
        Optional<ApiResponse> documented = op == null ? Optional.empty() : op.response(x.status());
        if (x.status() == 500) {
            found.add(new Finding(Category.STATUS_500, problemDetail(x), x));
        } else if (x.status() >= 500) {
            if (documented.isPresent() && documentedServerErrorsAreFindings) {
                found.add(new Finding(Category.STATUS_5XX_DOCUMENTED, x.status() + " " + problemDetail(x), x));
            } else if (documented.isEmpty()) {
                found.add(new Finding(Category.STATUS_5XX_UNDOCUMENTED, x.status() + " " + problemDetail(x), x));
            }
        }
        if (op != null && documented.isEmpty() && x.status() < 500) {
            found.add(new Finding(
                    Category.UNDOCUMENTED_STATUS,
                    x.status() + " is not among " + op.responses().keySet(),
                    x));
        }
        if (documented.isPresent()) {
            body(x, documented.get(), found);
        } else if (x.status() >= 400) {
            problem(x, found);
        }
        expectation(x, documented.isPresent(), found);
        return found;
    }

    private void leaks(Exchange x, List<Finding> found) {
        Matcher m = TRACE.matcher(x.body());
        Matcher p = PACKAGE.matcher(x.body());
        if (m.find()) {
            found.add(new Finding(Category.STACK_TRACE, "body: " + around(x.body(), m.start()), x));
        } else if (x.status() >= 400 && p.find()) {
            found.add(new Finding(Category.STACK_TRACE, "body: " + around(x.body(), p.start()), x));
        } else {
            for (Map.Entry<String, List<String>> h : x.headers().entrySet()) {
                for (String v : h.getValue()) {
                    if (TRACE.matcher(v).find() || PACKAGE.matcher(v).find()) {
                        found.add(new Finding(Category.STACK_TRACE, "header " + h.getKey() + ": " + v, x));
                        break;
                    }
                }
            }
        }
        if (!secret.isEmpty()
                && (x.body().contains(secret) || x.headers().toString().contains(secret))) {
            found.add(new Finding(Category.SECRET_ECHO, "the password sent came back", x));
        }
    }

    private void body(Exchange x, ApiResponse documented, List<Finding> found) {
        boolean error = x.status() >= 400;
        if (documented.media().isEmpty()) {
            if (!x.body().isEmpty()) {
                found.add(new Finding(
                        Category.WRONG_CONTENT_TYPE, "a body (" + x.mediaType() + ") where the document has none", x));
            }
            return;
        }
        JsonNode schema = documented.media().get(x.mediaType());
        if (schema == null) {
            if (error) {
                problem(x, found);
            } else {
                found.add(new Finding(
                        Category.WRONG_CONTENT_TYPE,
                        "'" + x.header("content-type").orElse("(none)") + "' where the document gives "
                                + documented.media().keySet(),
                        x));
            }
            return;
        }
        Category mismatch = error ? Category.PROBLEM_MISMATCH : Category.SCHEMA_MISMATCH;
        if ("application/x-ndjson".equals(x.mediaType())) {
            // JSON lines (GET /hardware/power-states): each line is one value of the schema; none is an empty list.
            for (String line : x.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    List<String> problems = validator.checkResponse(schema, json.readTree(line));
                    if (!problems.isEmpty()) {
                        found.add(new Finding(mismatch, "a line: " + problems.get(0), x));
                        return;
                    }
                } catch (JacksonException e) {
                    found.add(new Finding(mismatch, "a line is not JSON", x));
                    return;
                }
            }
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(x.body());
        } catch (JacksonException e) {
            found.add(new Finding(mismatch, "the body is not JSON", x));
            return;
        }
        List<String> problems = validator.checkResponse(schema, body);
        if (!problems.isEmpty()) {
            found.add(new Finding(mismatch, String.join("; ", problems.subList(0, Math.min(3, problems.size()))), x));
        } else if (error && body.path("status").asInt(x.status()) != x.status()) {
            found.add(new Finding(mismatch, "problem status " + body.path("status") + " on an HTTP " + x.status(), x));
        }
    }

    /** An error the operation does not document (or off the document) must still be the document's Problem. */
    private void problem(Exchange x, List<Finding> found) {
        if (problemSchema == null) {
            return;
        }
        if (!"application/problem+json".equals(x.mediaType())) {
            found.add(new Finding(
                    Category.PROBLEM_MISMATCH,
                    "'" + x.header("content-type").orElse("(none)") + "' where every error is application/problem+json",
                    x));
            return;
        }
        try {
            JsonNode body = json.readTree(x.body());
            List<String> problems = validator.checkResponse(problemSchema, body);
            if (!problems.isEmpty()) {
                found.add(new Finding(Category.PROBLEM_MISMATCH, String.join("; ", problems), x));
            } else if (body.path("status").asInt() != x.status()) {
                found.add(new Finding(
                        Category.PROBLEM_MISMATCH,
                        "problem status " + body.path("status") + " on an HTTP " + x.status(),
                        x));
            }
        } catch (JacksonException e) {
            found.add(new Finding(Category.PROBLEM_MISMATCH, "the problem body is not JSON", x));
        }
    }

    /** @param documented whether the operation documents the status (an undocumented one is reported already) */
    private void expectation(Exchange x, boolean documented, List<Finding> found) {
        int s = x.status();
        boolean success = s >= 200 && s < 300;
        FuzzRequest r = x.request();
        switch (r.intent()) {
            case VALID -> {
                if (s >= 400 && s < 500 && s != 404 && s != 409) {
                    found.add(new Finding(Category.VALID_REJECTED, problemDetail(x), x));
                }
            }
            case EDGE -> {
                if (documented && s >= 400 && s < 500 && s != 404 && s != 409) {
                    found.add(new Finding(Category.EDGE_REJECTED, problemDetail(x), x));
                }
            }
            case INVALID -> {
                if (success) {
                    found.add(new Finding(
                            r.unknownQuery() ? Category.UNKNOWN_QUERY_ACCEPTED : Category.INVALID_ACCEPTED,
                            r.mutation(),
                            x));
                }
            }
            case OFF_DOCUMENT -> {
                if (success) {
                    found.add(new Finding(Category.OFF_DOCUMENT_ACCEPTED, r.mutation(), x));
                }
            }
            case UNAUTHENTICATED -> {
                boolean none = r.authorization() == null || r.authorization().isEmpty();
                if (none && r.operation() != null && r.operation().openToAll()) {
                    // Open to all (a health probe): answering without credentials is what the document says.
                    break;
                }
                if (s == 429) {
                    // Bad credentials sent over and over: the login throttle may refuse before checking them.
                    if (x.header("retry-after").isEmpty() || !x.body().contains("\"THROTTLED\"")) {
                        found.add(new Finding(
                                Category.UNAUTHENTICATED_NOT_401,
                                "429 without Retry-After and a THROTTLED problem",
                                x));
                    }
                } else if (s != 401) {
                    found.add(new Finding(Category.UNAUTHENTICATED_NOT_401, s + " to " + r.mutation(), x));
                } else if (!x.header("www-authenticate")
                        .map(v -> v.startsWith("Basic "))
                        .orElse(false)) {
                    found.add(new Finding(
                            Category.UNAUTHENTICATED_NOT_401, "401 without a Basic WWW-Authenticate challenge", x));
                }
            }
        }
    }

    /** The problem's detail (what the server said), or the start of whatever body came. */
    private String problemDetail(Exchange x) {
        try {
            JsonNode body = json.readTree(x.body());
            if (body.has("detail")) {
                return body.path("code").asString("") + ": "
                        + body.path("detail").asString("");
            }
        } catch (JacksonException e) {
            // not JSON: the body itself says more
        }
        return x.body().length() > 160 ? x.body().substring(0, 160) + "…" : x.body();
    }

    private static String around(String text, int at) {
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + 100);
        return text.substring(from, to);
    }
}

package org.strata.bench.fuzz;

/** What a check found. Findings fail the run; the others are reported for a person to judge. */
enum Category {
    STATUS_500("status_500", true, "500 Internal Server Error"),
    STATUS_5XX_UNDOCUMENTED(
            "status_5xx_undocumented", true, "a 5xx other than 500 that the operation does not document"),
    STATUS_5XX_DOCUMENTED(
            "status_5xx_documented",
            true,
            "a 5xx the operation documents (501, 502, 503: what the driver could not do)"),
    NO_ANSWER("no_answer", true, "no HTTP answer: time-out, reset or refused"),
    STACK_TRACE("stack_trace", true, "a stack trace or Java class name in the body or a header"),
    SECRET_ECHO("secret_echo", true, "a write-only password sent by the fuzzer came back"),
    UNDOCUMENTED_STATUS("undocumented_status", true, "a status the operation does not document"),
    WRONG_CONTENT_TYPE(
            "wrong_content_type",
            true,
            "a Content-Type the document does not give for that status, or a body where it gives none"),
    SCHEMA_MISMATCH("schema_mismatch", true, "a success body that does not validate against the documented schema"),
    PROBLEM_MISMATCH(
            "problem_mismatch", true, "an error body that is not the document's Problem (or whose status differs)"),
    INVALID_ACCEPTED("invalid_accepted", true, "a 2xx for a request that violates a constraint the document states"),
    UNKNOWN_QUERY_ACCEPTED(
            "unknown_query_accepted", true, "a 2xx for a request with a query parameter the document does not list"),
    OFF_DOCUMENT_ACCEPTED("off_document_accepted", true, "a 2xx for a method or path the document does not have"),
    UNAUTHENTICATED_NOT_401(
            "unauthenticated_not_401", true, "bad or no credentials answered other than 401 with WWW-Authenticate"),
    TASK_INTERNAL("task_internal", true, "a task that ended with errorCode INTERNAL (a 500 inside a 202)"),
    VALID_REJECTED(
            "valid_rejected",
            false,
            "a valid request answered 4xx other than 404/409 (often a limit of the fuzzer: judge each)"),
    EDGE_REJECTED(
            "edge_rejected",
            false,
            "a request the document allows, with edge values, answered 4xx (a constraint only the prose states)");

    private final String key;
    private final boolean finding;
    private final String meaning;

    Category(String key, boolean finding, String meaning) {
        this.key = key;
        this.finding = finding;
        this.meaning = meaning;
    }

    String key() {
        return key;
    }

    boolean finding() {
        return finding;
    }

    String meaning() {
        return meaning;
    }
}

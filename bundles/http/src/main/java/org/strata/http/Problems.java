package org.strata.http;

import java.nio.charset.StandardCharsets;

/**
 * The problem+json bodies of the answers the web server gives itself, shaped as the REST API's (RFC 7807, with
 * Strata's {@code code}): a client parses one kind of error whichever layer refused it.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    static byte[] body(int status, String detail) {
        String code = code(status);
        String type =
                "urn:strata:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String title = code.charAt(0)
                + code.substring(1).toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return ("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + json(detail) + "\",\"code\":\"" + code + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The API's error codes, as its own mappers choose them for the same statuses. */
    static String code(int status) {
        return switch (status) {
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 429 -> "THROTTLED";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "INVALID_INPUT";
        };
    }

    /** What a status means, in the words the answers use; never the server's own reason, which may quote input. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no resource at this path; the REST API is at /api/v1, SOAP at /soap";
            case 405 -> "this method is not allowed here";
            case 408 -> "the request took too long to arrive";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "unsupported content type";
            case 431 -> "the request headers are too large";
            case 503 -> "the server is not ready; try again later";
            default -> status >= 500 ? "the server could not handle the request" : "the request was not accepted";
        };
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

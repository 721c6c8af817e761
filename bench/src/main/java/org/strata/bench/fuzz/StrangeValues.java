package org.strata.bench.fuzz;

import java.util.List;

/**
 * The values servers tend to mishandle: empty and blank text, 10 KB of it, unicode that is not Latin (combining
 * marks, right-to-left override, astral plane), control characters, path tricks that reach a servlet container
 * raw, markup and injection shapes. None names a Java class, so an echo of one cannot pass for a stack trace.
 */
final class StrangeValues {

    static final String TEN_KB = "x".repeat(10 * 1024);

    static final List<String> TEXT = List.of(
            "",
            " ",
            "\t",
            TEN_KB,
            "Ünïcödé ✓ 名前 🚀",
            "e\u0301\u0301\u0301",
            "\u202eevil",
            "\u0000",
            "a\nb\r\nc",
            "..;",
            "%2f",
            "..",
            ".",
            "../../../../etc/passwd",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "${jndi:ldap://127.0.0.1:1/x}",
            "\\",
            "\"",
            "{}",
            "null",
            "-1",
            "1e309",
            "\uD83D",
            "\uFFFF");

    /**
     * Path segments, each with whether it goes on the wire as it is (so the servlet container sees the trick) or
     * percent-encoded (so the application sees the characters).
     */
    static final List<Segment> SEGMENTS = List.of(
            new Segment("..;", true),
            new Segment("%2f", true),
            new Segment("%2F..%2F..", true),
            new Segment("%00", true),
            new Segment("%2e%2e", true),
            new Segment("%25", true),
            new Segment(";jsessionid=x", true),
            new Segment("a b", false),
            new Segment("Ünïcödé-名前", false),
            new Segment(TEN_KB, false),
            new Segment("00000000-0000-0000-0000-000000000000", false),
            new Segment("\u202e", false),
            new Segment("' OR '1'='1", false),
            new Segment("-1", false),
            new Segment("null", false));

    /** Integers at and past the edges of Java's int and long. */
    static final List<String> NUMBERS = List.of(
            "0",
            "-1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "1e3",
            "0x10",
            "NaN",
            "");

    /** Bodies that are no JSON, or no single JSON value. */
    static final List<String> MALFORMED = List.of(
            "{",
            "{\"a\":",
            "{\"name\":}",
            "{'name':'x'}",
            "[1,2",
            "}",
            "\u0000",
            "{\"name\":\"x\"} trailing",
            "{\"name\":\"x\"}{\"name\":\"y\"}",
            "nul",
            "{\"a\":1,}",
            "\"unterminated",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));

    record Segment(String text, boolean raw) {}

    private StrangeValues() {}
}

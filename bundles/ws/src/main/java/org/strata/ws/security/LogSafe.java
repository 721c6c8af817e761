package org.strata.ws.security;

/** Makes caller-supplied text safe for a log line: no line breaks or control characters, bounded length. */
public final class LogSafe {
    private static final int MAX = 64;

    private LogSafe() {}

    public static String text(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX));
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > MAX ? out + "..." : out.toString();
    }
}

package org.strata.security;

/** What a client chose (a user name, an address it claims) made fit for a log line and an event message. */
public final class Text {

    private static final int MAX = 128;

    private Text() {}

    /** Control characters replaced, at most 128 characters: a name cannot forge or flood a log line. */
    public static String token(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX + 3));
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) || c == '"' ? '?' : c);
        }
        if (value.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}

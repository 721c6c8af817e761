package org.strata.driver.os.debian;

import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * A Debian package version and dpkg's order of versions, as dpkg 1.21 implements them ({@code parseversion} and
 * {@code verrevcmp} in lib/dpkg): {@code [epoch:]upstream[-revision]}, the revision after the last hyphen, the epoch
 * a decimal number before the first colon. Upstream and revision compare in turns of a non-digit run (letters sort
 * before other characters, {@code ~} before everything, even the end) and a digit run (as a number, leading zeros
 * ignored).
 *
 * <p>dpkg refuses some versions outright (empty, embedded spaces, an empty or non-numeric or negative epoch, nothing
 * after the colon, an empty upstream or revision) and only warns about others (an upstream that does not start with
 * a digit, a character outside {@code [A-Za-z0-9.+~-:]} in the upstream or {@code [A-Za-z0-9.+~]} in the revision)
 * when it reads its own database; it refuses both when it builds or installs a package. Both are {@code INVALID}
 * here: no package can carry such a version, so a baseline that names one is a mistake to report, not to compare.
 */
record DpkgVersion(long epoch, String upstream, String revision) implements Comparable<DpkgVersion> {

    /** The version {@code text}, or INVALID with dpkg's reason. */
    static DpkgVersion parse(String text) {
        if (text == null) {
            throw invalid(text, "version string is empty");
        }
        String s = text;
        int start = 0;
        while (start < s.length() && blank(s.charAt(start))) {
            start++;
        }
        if (start == s.length()) {
            throw invalid(text, "version string is empty");
        }
        int end = start;
        while (end < s.length() && !blank(s.charAt(end))) {
            end++;
        }
        for (int i = end; i < s.length(); i++) {
            if (!blank(s.charAt(i))) {
                throw invalid(text, "version string has embedded spaces");
            }
        }
        s = s.substring(start, end);
        long epoch = 0;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            epoch = epoch(text, s.substring(0, colon));
            s = s.substring(colon + 1);
            if (s.isEmpty()) {
                throw invalid(text, "nothing after colon in version number");
            }
        }
        String upstream = s;
        String revision = "";
        int hyphen = s.lastIndexOf('-');
        if (hyphen >= 0) {
            upstream = s.substring(0, hyphen);
            revision = s.substring(hyphen + 1);
            if (revision.isEmpty()) {
                throw invalid(text, "revision number is empty");
            }
        }
        if (upstream.isEmpty()) {
            throw invalid(text, "version number is empty");
        }
        if (!digit(upstream.charAt(0))) {
            throw invalid(text, "version number does not start with digit");
        }
        for (int i = 1; i < upstream.length(); i++) {
            char c = upstream.charAt(i);
            if (!digit(c) && !alpha(c) && ".-+~:".indexOf(c) < 0) {
                throw invalid(text, "invalid character in version number");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!digit(c) && !alpha(c) && ".+~".indexOf(c) < 0) {
                throw invalid(text, "invalid character in revision number");
            }
        }
        return new DpkgVersion(epoch, upstream, revision);
    }

    /** What C's strtol(s, &end, 10) reads, when it ends exactly at the colon, as dpkg requires. */
    private static long epoch(String text, String s) {
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        while (i < s.length() && digit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            // strtol read nothing: its end is the start of the string
            throw invalid(text, s.isEmpty() ? "epoch in version is empty" : "epoch in version is not number");
        }
        if (i != s.length()) {
            throw invalid(text, "epoch in version is not number");
        }
        String number = s.substring(digits).replaceFirst("^0+(?=.)", "");
        if (number.length() > 10 || Long.parseLong(number) > Integer.MAX_VALUE) {
            throw invalid(text, negative ? "epoch in version is negative" : "epoch in version is too big");
        }
        long value = Long.parseLong(number);
        if (negative && value != 0) {
            throw invalid(text, "epoch in version is negative");
        }
        return value;
    }

    @Override
    public int compareTo(DpkgVersion other) {
        if (epoch != other.epoch) {
            return epoch > other.epoch ? 1 : -1;
        }
        int rc = compareParts(upstream, other.upstream);
        return rc != 0 ? rc : compareParts(revision, other.revision);
    }

    /** dpkg's verrevcmp, with -1/0/1 for its differences. */
    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !digit(a.charAt(i))) || (j < b.length() && !digit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (i < a.length() && digit(a.charAt(i)) && j < b.length() && digit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && digit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && digit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    /** A character's weight in a non-digit run: the end and digits 0, '~' below, letters as ASCII, others above. */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (digit(c)) {
            return 0;
        }
        if (alpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static DriverException invalid(String text, String why) {
        return new DriverException(Fault.INVALID, "'" + text + "' is not a Debian package version: " + why);
    }
}

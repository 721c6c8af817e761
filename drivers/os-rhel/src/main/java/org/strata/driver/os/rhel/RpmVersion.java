package org.strata.driver.os.rhel;

import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * rpm's order of versions, as rpm 4.18 implements it: {@code [epoch:]version[-release]} split as rpm's
 * {@code parseEVR} does (the epoch only when digits alone precede the first colon, an empty one counting as 0; the
 * release after the last hyphen), compared as {@code rpmverCmp} does (epoch, missing as 0; then version; then release,
 * a missing one below any present one), each part by {@code rpmvercmp}: runs of ASCII letters or digits compared in
 * turn (digits as numbers, leading zeros ignored, newer than letters), other characters only separate, {@code ~}
 * sorts before everything (even the end), {@code ^} after the end but before anything else.
 *
 * <p>rpm compares any non-empty string; a version no rpm package can carry (empty, or with white space or control
 * characters, which rpmbuild refuses) is {@code INVALID} here.
 */
final class RpmVersion {

    private RpmVersion() {}

    static int compare(String left, String right) {
        String[] a = split(left);
        String[] b = split(right);
        int rc = values(a[0] == null ? "0" : a[0], b[0] == null ? "0" : b[0]);
        if (rc == 0) {
            rc = values(a[1], b[1]);
            if (rc == 0) {
                rc = values(a[2], b[2]);
            }
        }
        return rc;
    }

    /** epoch (null when none), version, release (null when none). */
    static String[] split(String evr) {
        if (evr == null || evr.isEmpty() || !evr.matches("[\\x21-\\x7e\\x80-\\uffff]+")) {
            throw new DriverException(
                    Fault.INVALID,
                    "'" + evr + "' is not an rpm version: empty, or with white space or control characters");
        }
        int s = 0;
        while (s < evr.length() && digit(evr.charAt(s))) {
            s++;
        }
        String epoch = null;
        String rest = evr;
        if (s < evr.length() && evr.charAt(s) == ':') {
            epoch = s == 0 ? "0" : evr.substring(0, s);
            rest = evr.substring(s + 1);
        }
        int hyphen = rest.lastIndexOf('-');
        String release = null;
        if (hyphen >= 0) {
            release = rest.substring(hyphen + 1);
            rest = rest.substring(0, hyphen);
        }
        return new String[] {epoch, rest, release};
    }

    private static int values(String a, String b) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        return rpmvercmp(a, b);
    }

    /** rpm's rpmvercmp. */
    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int one = 0;
        int two = 0;
        while (one < a.length() || two < b.length()) {
            while (one < a.length() && !alnum(a.charAt(one)) && a.charAt(one) != '~' && a.charAt(one) != '^') {
                one++;
            }
            while (two < b.length() && !alnum(b.charAt(two)) && b.charAt(two) != '~' && b.charAt(two) != '^') {
                two++;
            }
            char c1 = one < a.length() ? a.charAt(one) : 0;
            char c2 = two < b.length() ? b.charAt(two) : 0;
            if (c1 == '~' || c2 == '~') {
                if (c1 != '~') {
                    return 1;
                }
                if (c2 != '~') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            if (c1 == '^' || c2 == '^') {
                if (c1 == 0) {
                    return -1;
                }
                if (c2 == 0) {
                    return 1;
                }
                if (c1 != '^') {
                    return 1;
                }
                if (c2 != '^') {
                    return -1;
                }
                one++;
                two++;
                continue;
            }
            if (c1 == 0 || c2 == 0) {
                break;
            }
            int end1 = one;
            int end2 = two;
            boolean numeric = digit(c1);
            if (numeric) {
                while (end1 < a.length() && digit(a.charAt(end1))) {
                    end1++;
                }
                while (end2 < b.length() && digit(b.charAt(end2))) {
                    end2++;
                }
            } else {
                while (end1 < a.length() && alpha(a.charAt(end1))) {
                    end1++;
                }
                while (end2 < b.length() && alpha(b.charAt(end2))) {
                    end2++;
                }
            }
            if (end2 == two) {
                // segments of different kinds: a number is newer than letters
                return numeric ? 1 : -1;
            }
            String s1 = a.substring(one, end1);
            String s2 = b.substring(two, end2);
            if (numeric) {
                s1 = s1.replaceFirst("^0+", "");
                s2 = s2.replaceFirst("^0+", "");
                if (s1.length() != s2.length()) {
                    return s1.length() > s2.length() ? 1 : -1;
                }
            }
            int rc = s1.compareTo(s2);
            if (rc != 0) {
                return rc < 0 ? -1 : 1;
            }
            one = end1;
            two = end2;
        }
        if (one >= a.length() && two >= b.length()) {
            return 0;
        }
        return one >= a.length() ? -1 : 1;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean alnum(char c) {
        return digit(c) || alpha(c);
    }
}

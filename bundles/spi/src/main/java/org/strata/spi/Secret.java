package org.strata.spi;

import java.util.Arrays;

/**
 * A password or key handed to a driver. It never prints itself: {@code toString()} is masked so that
 * a log line or an exception message built from it leaks nothing. Read it with {@link #reveal()} only
 * where the protocol needs it.
 */
public final class Secret {
    private static final Secret NONE = new Secret(new char[0]);

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    public static Secret of(char[] value) {
        return value == null || value.length == 0 ? NONE : new Secret(value.clone());
    }

    public static Secret of(String value) {
        return value == null ? NONE : of(value.toCharArray());
    }

    public static Secret none() {
        return NONE;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** A copy of the secret's characters; clear it when done. */
    public char[] reveal() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return isEmpty() ? "Secret[none]" : "Secret[******]";
    }
}

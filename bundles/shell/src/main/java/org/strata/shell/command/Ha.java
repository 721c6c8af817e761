package org.strata.shell.command;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.strata.api.StrataException;

/** What the HA commands share: their option values, written as the shell writes them, read into the API's. */
final class Ha {

    /** The word that empties a list option ({@code --after none}, {@code --failover-hosts none}). */
    static final String NONE = "none";

    private Ha() {}

    /**
     * An enum member from its name in the shell's spelling ({@code host-failures}) or the API's ({@code HOST_FAILURES});
     * null for null; INVALID naming the option and the accepted words otherwise.
     */
    static <E extends Enum<E>> E member(Class<E> type, String option, String value) {
        if (value == null) {
            return null;
        }
        String name = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw StrataException.invalid(
                option + " must be one of " + String.join("|", words(type)) + ", was '" + value + "'");
    }

    /** The enum's members as the shell writes them: lower case, words joined by '-'. */
    static <E extends Enum<E>> List<String> words(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Ha::word).toList();
    }

    static String word(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A comma-separated list option: null when not given, empty for {@link #NONE}; blanks between commas dropped. */
    static List<String> list(String value) {
        if (value == null) {
            return null;
        }
        if (value.strip().equals(NONE)) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    /** {@code --enable} and {@code --disable} as the spec's enabled: null when neither, INVALID when both. */
    static Boolean enabled(boolean enable, boolean disable) {
        if (enable && disable) {
            throw StrataException.invalid("give --enable or --disable, not both");
        }
        return enable ? Boolean.TRUE : disable ? Boolean.FALSE : null;
    }
}

package org.strata.driver.iscsi;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;

/** The checks on what callers name, made before tgtadm is run or a file is written. */
final class Names {

    /** tgt serves the bytes of a file as they are: a LUN is a raw disk, whatever its file holds. */
    static final List<String> VOLUME_FORMATS = List.of("raw");

    /**
     * An iSCSI qualified name as RFC 3720 and 3722 write it: {@code iqn.YYYY-MM.reversed.domain[:anything]}, lower
     * case (the RFC's normalisation), at most 223 bytes.
     */
    static final Vocabulary.NameRule POOL_RULE = new Vocabulary.NameRule(
            "(?=.{1,223}$)iqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
                    + "(:[a-z0-9.:-]+)?",
            "iSCSI qualified names (the target's IQN): iqn.YYYY-MM.reversed.domain, optionally followed by ':' and"
                    + " lower-case letters, digits, '.', '-' or ':'; at most 223 characters");

    /**
     * A volume is a file in its pool's directory, named as the volume: letters, digits and a few marks, so that the
     * name is safe as a file name, in tgtadm's arguments and in its output, which is read back line by line.
     */
    static final Vocabulary.NameRule VOLUME_RULE = new Vocabulary.NameRule(
            "(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,127}",
            "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'");

    private static final Pattern POOL = Pattern.compile(POOL_RULE.pattern());
    private static final Pattern VOLUME = Pattern.compile(VOLUME_RULE.pattern());

    private Names() {}

    static String pool(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("a pool needs a name (the target's IQN)");
        }
        if (!POOL.matcher(name).matches()) {
            throw invalid("pool name '" + printable(name) + "' is not an IQN: " + POOL_RULE.description());
        }
        return name;
    }

    static boolean isPool(String name) {
        return POOL.matcher(name).matches();
    }

    static String volume(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("a volume needs a name");
        }
        if (!VOLUME.matcher(name).matches()) {
            throw invalid("volume name '" + printable(name) + "' is not allowed: " + VOLUME_RULE.description());
        }
        return name;
    }

    /** The format of a new volume; null means raw, the only one. */
    private static final Pattern SNAPSHOT = Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** A snapshot's name is a file name in the volume's snapshot folder: the volume names' rule, 64 at most. */
    static String snapshot(String name) {
        if (name == null || !SNAPSHOT.matcher(name).matches()) {
            throw invalid("snapshot name '" + printable(name)
                    + "' is not allowed: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit,"
                    + " without '..'");
        }
        return name;
    }

    static String volumeFormat(String format) {
        String f = format == null ? "raw" : format.trim().toLowerCase(Locale.ROOT);
        if (!VOLUME_FORMATS.contains(f)) {
            throw invalid("volume format '" + printable(format) + "' is not supported: a LUN is a raw disk");
        }
        return f;
    }

    static long capacity(long bytes) {
        if (bytes <= 0) {
            throw invalid("a volume's capacity must be positive, not " + bytes + " bytes");
        }
        return bytes;
    }

    /**
     * The SPI has no "invalid input" fault: a request this driver cannot carry out as asked is {@code UNSUPPORTED}
     * (REST 501) with the reason in the message, as in the other storage drivers. The platform refuses names
     * outside the vocabulary before it asks.
     */
    static DriverException invalid(String message) {
        return new DriverException(Fault.UNSUPPORTED, message);
    }

    /** Control characters never reach a message (it ends up in logs and in the event list). */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 240 ? text.substring(0, 240) + "..." : text;
        return cut.replaceAll("\\p{Cc}", "?");
    }
}

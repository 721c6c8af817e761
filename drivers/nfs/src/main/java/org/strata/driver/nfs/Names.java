package org.strata.driver.nfs;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.strata.spi.Vocabulary;

/** The checks on what callers name, made before anything is sent to the server or to qemu-img. */
final class Names {

    /** What a new volume may be; the first is the default, here and in the vocabulary. */
    static final List<String> VOLUME_FORMATS = List.of("qcow2", "raw");

    /** What import reads: VMware's VMDK, Hyper-V's VHDX and VHD (QEMU calls it "vpc"), QEMU's own, raw. */
    static final List<String> IMPORT_FORMATS = List.of("vmdk", "vhdx", "vpc", "qcow2", "raw");

    /**
     * Pool and volume names are one path segment of a URL that QEMU opens and that this driver passes to qemu-img:
     * letters, digits, '.', '_' and '-', not starting with '.' or '-' (hidden files, options). Nothing to escape,
     * nothing a reader could take for something else.
     */
    private static final String NAME = "[A-Za-z0-9_][A-Za-z0-9._-]{0,254}";

    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);

    static final Vocabulary.NameRule VOLUME_RULE =
            new Vocabulary.NameRule(NAME, "1 to 255 letters, digits, '.', '_' and '-', not starting with '.' or '-'");

    static final Vocabulary.NameRule POOL_RULE = new Vocabulary.NameRule(
            NAME,
            "a directory of the export named with 1 to 255 letters, digits, '.', '_' and '-', not starting with '.'"
                    + " or '-'");

    private Names() {}

    static boolean acceptable(String name) {
        return name != null && NAME_PATTERN.matcher(name).matches();
    }

    static String volume(String name) {
        if (!acceptable(name)) {
            throw NfsAddress.invalid("volume name '" + shown(name) + "' is not " + VOLUME_RULE.description());
        }
        return name;
    }

    private static final Pattern SNAPSHOT = Pattern.compile("(?![0-9]+$)[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * A snapshot name: letters, digits, '.', '_', '-', 1 to 64, not digits only: {@code qemu-img snapshot -a/-d}
     * take an id or a name, and qemu's ids are numbers, so "2" could name another snapshot than the one meant.
     */
    static String snapshot(String name) {
        if (name == null || !SNAPSHOT.matcher(name).matches()) {
            throw NfsAddress.invalid("snapshot name '" + shown(name) + "' is not 1 to 64 letters, digits, '.', '_' or"
                    + " '-' starting with a letter or digit (and not digits only)");
        }
        return name;
    }

    static String pool(String name) {
        if (!acceptable(name)) {
            throw NfsAddress.invalid("pool name '" + shown(name) + "' is not " + POOL_RULE.description());
        }
        return name;
    }

    /** The format of a new volume; null means qcow2, the vocabulary's default. */
    static String volumeFormat(String format) {
        String f = format == null ? "qcow2" : format.trim().toLowerCase(Locale.ROOT);
        if (!VOLUME_FORMATS.contains(f)) {
            throw NfsAddress.invalid("volume format '" + shown(format) + "' is not supported; use qcow2 or raw");
        }
        return f;
    }

    /** The format of an image to import; null means "let qemu-img detect it". "vhd" is QEMU's "vpc". */
    static String importFormat(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (f.equals("vhd")) {
            f = "vpc";
        }
        if (!IMPORT_FORMATS.contains(f)) {
            throw NfsAddress.invalid("cannot import images of format '" + shown(format)
                    + "'; supported: vmdk, vhdx, vpc (vhd), qcow2, raw");
        }
        return f;
    }

    static long capacity(long bytes) {
        if (bytes <= 0) {
            throw NfsAddress.invalid("a volume's capacity must be positive, not " + bytes + " bytes");
        }
        return bytes;
    }

    private static String shown(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}

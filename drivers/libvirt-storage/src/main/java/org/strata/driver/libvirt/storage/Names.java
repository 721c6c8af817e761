package org.strata.driver.libvirt.storage;

import java.util.List;
import java.util.Locale;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;

/** The checks on what callers name, made before anything is asked of libvirt or written to disk. */
final class Names {

    /**
     * What a new volume may be: libvirt writes both, and every hypervisor that reads the pool reads both. The first
     * is the default, here and in the descriptor's vocabulary.
     */
    static final List<String> VOLUME_FORMATS = List.of("qcow2", "raw");

    /** What import reads: VMware's VMDK, Hyper-V's VHDX and VHD (QEMU calls it "vpc"), QEMU's own, raw. */
    static final List<String> IMPORT_FORMATS = List.of("vmdk", "vhdx", "vpc", "qcow2", "raw");

    /** {@link #volume}'s rule, for the descriptor: the platform refuses other names before asking. */
    static final Vocabulary.NameRule VOLUME_RULE = new Vocabulary.NameRule(
            "(?!.*\\.\\.)[^./\\p{Cc}][^/\\p{Cc}]{0,254}",
            "file names: 1 to 255 characters, without '/', '..' or control characters, not starting with '.'");

    private static final int MAX_NAME = 255;

    private Names() {}

    /**
     * A volume name is a file name in the pool's directory: a '/' or a ".." would put it, or read it, elsewhere.
     * Control characters are refused because they end up in XML and in log lines.
     */
    static String volume(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("a volume needs a name");
        }
        if (name.length() > MAX_NAME) {
            throw invalid("volume name longer than " + MAX_NAME + " characters");
        }
        if (name.contains("/") || name.contains("..") || name.equals(".")) {
            throw invalid("volume name '" + name + "' may not contain '/' or '..'");
        }
        if (name.startsWith(".")) {
            // Hidden files are where tools keep their temporary copies; a volume should not look like one.
            throw invalid("volume name '" + name + "' may not start with '.'");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("volume name may not contain control characters");
        }
        return name;
    }

    /** {@link #snapshot}'s rule. */
    static final String SNAPSHOT_RULE = "(?![0-9]+$)[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /**
     * A snapshot name: letters, digits, '.', '_', '-', 1 to 64, not digits only: {@code qemu-img snapshot -a/-d}
     * take an id or a name, and qemu's ids are numbers, so "2" could name another snapshot than the one meant.
     */
    static String snapshot(String name) {
        if (name == null || !name.matches(SNAPSHOT_RULE)) {
            throw invalid("snapshot name '" + (name == null ? "" : name.replaceAll("\\p{Cc}", "?"))
                    + "' is not 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit"
                    + " (and not digits only)");
        }
        return name;
    }

    static String pool(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("a pool needs a name");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("pool name may not contain control characters");
        }
        return name;
    }

    /** The format of a new volume; null means qcow2, the API's default. */
    static String volumeFormat(String format) {
        String f = format == null ? "qcow2" : format.trim().toLowerCase(Locale.ROOT);
        if (!VOLUME_FORMATS.contains(f)) {
            throw invalid("volume format '" + format + "' is not supported; use qcow2 or raw");
        }
        return f;
    }

    /** The format of an image to import; null means "detect it". "vhd" is accepted for QEMU's "vpc". */
    static String importFormat(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (f.equals("vhd")) {
            f = "vpc";
        }
        if (!IMPORT_FORMATS.contains(f)) {
            throw invalid(
                    "cannot import images of format '" + format + "'; supported: vmdk, vhdx, vpc (vhd), qcow2, raw");
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
     * (REST 501), with the reason in the message. The platform is expected to refuse bad input first.
     */
    static DriverException invalid(String message) {
        return new DriverException(Fault.UNSUPPORTED, message);
    }
}

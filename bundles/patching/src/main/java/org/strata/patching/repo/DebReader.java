package org.strata.patching.repo;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.tukaani.xz.XZInputStream;

/**
 * Reads the control data of a Debian binary package (deb(5)): an {@code ar} archive whose first member is
 * {@code debian-binary} ("2.x"), then {@code control.tar} compressed with gzip or xz (or not at all). The {@code ar}
 * and {@code tar} parts are simple enough to read here; xz needs xz for Java. Every failure is INVALID with what is
 * wrong in words, as an admin who uploaded the file needs to read it.
 */
final class DebReader {

    /** More than any real package's control archive (a few KiB): a bound on what is held in memory. */
    static final int MAX_CONTROL = 4 << 20;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern VERSION = Pattern.compile("([0-9]+:)?[0-9][A-Za-z0-9.+~-]*");
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private DebReader() {}

    /** The package's control data; INVALID when it is no Debian binary package or lacks Package, Version, Architecture. */
    static DebControl read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new StrataException(ErrorCode.INTERNAL, "failed reading an uploaded package: " + e, e);
        }
    }

    /** As {@link #read(Path)}: a stream that cannot be read as a package (damaged, cut short) is INVALID too. */
    static DebControl read(InputStream in) {
        try {
            return archive(in);
        } catch (IOException e) {
            throw StrataException.invalid("not a Debian package, or a damaged one: " + e.getMessage());
        }
    }

    private static DebControl archive(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("!<arch>\n")) {
            throw StrataException.invalid("not a Debian package: it is no ar archive (deb(5))");
        }
        boolean first = true;
        while (true) {
            byte[] header = in.readNBytes(60);
            if (header.length == 0) {
                throw StrataException.invalid("not a Debian package: it has no control.tar member");
            }
            if (header.length < 60 || header[58] != '`' || header[59] != '\n') {
                throw StrataException.invalid("not a Debian package: a damaged ar member header");
            }
            String name = ascii(header, 0, 16).trim();
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            long size = number(ascii(header, 48, 10).trim(), 10, "ar member size");
            if (first) {
                if (!name.equals("debian-binary") || size > 64) {
                    throw StrataException.invalid("not a Debian package: its first member is not debian-binary");
                }
                String format = new String(exactly(in, (int) size), StandardCharsets.US_ASCII);
                if (!format.startsWith("2.")) {
                    throw StrataException.invalid("not a Debian binary package of format 2.x: '" + format.trim() + "'");
                }
                first = false;
            } else if (name.startsWith("control.tar")) {
                if (size > MAX_CONTROL) {
                    throw StrataException.invalid("its control archive is larger than " + MAX_CONTROL + " bytes");
                }
                byte[] compressed = exactly(in, (int) size);
                return control(tar(decompress(name, compressed)));
            } else if (name.startsWith("data.tar")) {
                throw StrataException.invalid("not a Debian package: data.tar comes before control.tar");
            } else {
                skip(in, size);
            }
            if (size % 2 == 1) {
                skip(in, 1);
            }
        }
    }

    private static InputStream decompress(String member, byte[] data) throws IOException {
        InputStream raw = new ByteArrayInputStream(data);
        return switch (member) {
            case "control.tar" -> raw;
            case "control.tar.gz" -> new GZIPInputStream(raw);
            case "control.tar.xz" -> new XZInputStream(raw);
            case "control.tar.zst" ->
                throw StrataException.invalid("its control archive is compressed with zstd,"
                        + " which Strata does not read: build it with xz or gzip (dpkg-deb -Zxz or -Zgzip)");
            default -> throw StrataException.invalid("its control archive " + member + " is of an unknown kind");
        };
    }

    /** The {@code control} file of a tar stream (ustar, GNU or pax headers; long names are never the control's). */
    private static byte[] tar(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || header[0] == 0) {
                throw StrataException.invalid("its control archive has no control file");
            }
            String name = ascii(header, 0, 100);
            int nul = name.indexOf('\0');
            name = nul >= 0 ? name.substring(0, nul) : name;
            long size = number(ascii(header, 124, 12).replace("\0", "").trim(), 8, "tar entry size");
            char type = (char) header[156];
            total += size;
            if (total > MAX_CONTROL) {
                throw StrataException.invalid("its control archive unpacks to more than " + MAX_CONTROL + " bytes");
            }
            if ((type == '0' || type == '\0') && (name.equals("./control") || name.equals("control"))) {
                return exactly(in, (int) size);
            }
            skip(in, (size + 511) / 512 * 512);
        }
    }

    private static DebControl control(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String key = null;
        StringBuilder value = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (key != null) {
                    break; // one paragraph: anything after the first blank line is not control data
                }
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (key == null) {
                    throw StrataException.invalid("its control file starts with a continuation line");
                }
                value.append('\n').append(line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw StrataException.invalid("its control file has a line that is no field: '" + line + "'");
            }
            if (key != null) {
                fields.add(new AbstractMap.SimpleImmutableEntry<>(key, value.toString()));
            }
            key = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (key != null) {
            fields.add(new AbstractMap.SimpleImmutableEntry<>(key, value.toString()));
        }
        DebControl control = new DebControl(fields);
        check(control.name(), NAME, "Package");
        check(control.version(), VERSION, "Version");
        check(control.architecture(), ARCHITECTURE, "Architecture");
        return control;
    }

    private static void check(String value, Pattern syntax, String field) {
        if (value == null || value.isEmpty()) {
            throw StrataException.invalid("its control file has no " + field + " field");
        }
        if (!syntax.matcher(value).matches()) {
            throw StrataException.invalid("its " + field + " '" + value + "' is not valid (Debian Policy 5.6)");
        }
    }

    private static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.US_ASCII);
    }

    private static long number(String text, int radix, String what) {
        try {
            long n = text.isEmpty() ? 0 : Long.parseLong(text, radix);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw StrataException.invalid("not a Debian package: a damaged " + what + " '" + text + "'");
        }
    }

    private static byte[] exactly(InputStream in, int size) throws IOException {
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new EOFException("the file ends inside a member");
        }
        return data;
    }

    private static void skip(InputStream in, long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new EOFException("the file ends inside a member");
        }
    }
}

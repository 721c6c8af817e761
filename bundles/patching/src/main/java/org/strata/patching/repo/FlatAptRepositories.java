package org.strata.patching.repo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.RepositoryPackage;

/**
 * {@link LocalRepositories} as flat apt repositories under one root folder, {@code {root}/{id}/}. The index is kept
 * by editing {@code Packages}, whose paragraphs are the packages' control data plus Filename, Size and SHA256 (as
 * dpkg-scanpackages writes them): no package is read again to add or remove another. Changes to one repository are
 * serialised; uploads are written to a temporary file in the repository's folder and moved into place, so a failed
 * or refused upload leaves nothing behind.
 */
public final class FlatAptRepositories implements LocalRepositories {

    static final String PACKAGES = "Packages";
    static final String PACKAGES_GZ = "Packages.gz";
    static final String RELEASE = "Release";

    /** Repository ids as Strata makes them (UUIDs) or as an admin might name a folder: never "." or "..". */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    /** Package file names as {@link #fileName} makes them. */
    private static final Pattern DEB = Pattern.compile("[a-z0-9][a-z0-9+.-]*_[A-Za-z0-9.+~-]+_[a-z0-9-]+\\.deb");

    private static final Set<String> INDEX = Set.of(PACKAGES, PACKAGES_GZ, RELEASE);
    /** Fields of the index that are the repository's, not the package's: a control file cannot set them. */
    private static final Set<String> OURS = Set.of("filename", "size", "md5sum", "sha1", "sha256", "sha512");

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public FlatAptRepositories(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    @Override
    public Path folder(String repositoryId) {
        if (repositoryId == null || !ID.matcher(repositoryId).matches()) {
            throw StrataException.invalid("not a repository id: '" + repositoryId + "'");
        }
        return root.resolve(repositoryId);
    }

    @Override
    public RepositoryPackage add(String repositoryId, InputStream file) {
        Path folder = folder(repositoryId);
        synchronized (lock(repositoryId)) {
            Path temp = null;
            try {
                Files.createDirectories(folder);
                temp = Files.createTempFile(folder, ".upload-", ".tmp");
                MessageDigest sha256 = sha256();
                long size;
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
                    size = copy(file, out);
                }
                DebControl control = DebReader.read(temp);
                String fileName = fileName(control);
                Path target = folder.resolve(fileName);
                Map<String, String> paragraphs = paragraphs(folder);
                if (paragraphs.containsKey(fileName)) {
                    throw StrataException.conflict("the repository has " + fileName + " already: remove it first");
                }
                String hash = HexFormat.of().formatHex(sha256.digest());
                Instant uploaded = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                paragraphs.put(fileName, paragraph(control, fileName, size, hash));
                Files.setLastModifiedTime(temp, FileTime.from(uploaded));
                // A file of that name that the index does not name is what a stop between this move and the index's
                // write left behind: replaced, as nothing refers to it.
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                temp = null;
                try {
                    writeIndex(folder, paragraphs);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
                return new RepositoryPackage(
                        control.name(), control.version(), control.architecture(), fileName, size, hash, uploaded);
            } catch (IOException e) {
                throw disk("adding a package to repository " + repositoryId, e);
            } finally {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException e) {
                        // Left as a hidden .tmp, never served nor indexed; the next upload goes on.
                    }
                }
            }
        }
    }

    @Override
    public void remove(String repositoryId, String fileName) {
        Path folder = folder(repositoryId);
        synchronized (lock(repositoryId)) {
            try {
                Map<String, String> paragraphs = paragraphs(folder);
                if (!DEB.matcher(String.valueOf(fileName)).matches() || paragraphs.remove(fileName) == null) {
                    throw StrataException.notFound("package file", fileName);
                }
                // The index first: a guest never sees a file named that is gone.
                writeIndex(folder, paragraphs);
                Files.deleteIfExists(folder.resolve(fileName));
            } catch (IOException e) {
                throw disk("removing a package from repository " + repositoryId, e);
            }
        }
    }

    @Override
    public List<RepositoryPackage> list(String repositoryId) {
        Path folder = folder(repositoryId);
        synchronized (lock(repositoryId)) {
            try {
                List<RepositoryPackage> packages = new ArrayList<>();
                for (Map.Entry<String, String> p : paragraphs(folder).entrySet()) {
                    DebControl c = parse(p.getValue());
                    Path file = folder.resolve(p.getKey());
                    Instant uploaded = Files.exists(file)
                            ? Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS)
                            : null;
                    packages.add(new RepositoryPackage(
                            c.name(),
                            c.version(),
                            c.architecture(),
                            p.getKey(),
                            Long.parseLong(c.field("Size")),
                            c.field("SHA256"),
                            uploaded));
                }
                packages.sort(Comparator.comparing(RepositoryPackage::name).thenComparing(RepositoryPackage::fileName));
                return packages;
            } catch (IOException e) {
                throw disk("listing repository " + repositoryId, e);
            }
        }
    }

    @Override
    public void delete(String repositoryId) {
        Path folder = folder(repositoryId);
        synchronized (lock(repositoryId)) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    Files.delete(f); // flat: no subfolders are ever made
                }
            } catch (IOException e) {
                throw disk("removing repository " + repositoryId, e);
            }
            try {
                Files.delete(folder);
            } catch (IOException e) {
                throw disk("removing repository " + repositoryId, e);
            }
        }
        locks.remove(repositoryId);
    }

    @Override
    public Optional<Path> servable(String repositoryId, String fileName) {
        if (repositoryId == null
                || fileName == null
                || !ID.matcher(repositoryId).matches()
                || !(INDEX.contains(fileName) || DEB.matcher(fileName).matches())) {
            return Optional.empty();
        }
        Path file = root.resolve(repositoryId).resolve(fileName);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /** {@code name_version_architecture.deb}, the version without its epoch, as Debian's archive names files. */
    static String fileName(DebControl control) {
        String version = control.version();
        int colon = version.indexOf(':');
        return control.name() + "_" + (colon >= 0 ? version.substring(colon + 1) : version) + "_"
                + control.architecture() + ".deb";
    }

    /** Copies the upload; a failure to read it (the client went away) is the upload's, INVALID. */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw StrataException.invalid("the upload broke off: " + e.getMessage());
            }
            if (n < 0) {
                return total;
            }
            out.write(buffer, 0, n);
            total += n;
        }
    }

    /** A failure of the Strata node's disk: INTERNAL, saying what was being done. */
    private static StrataException disk(String doing, IOException e) {
        return new StrataException(ErrorCode.INTERNAL, "failed " + doing + ": " + e, e);
    }

    private Object lock(String repositoryId) {
        return locks.computeIfAbsent(repositoryId, k -> new Object());
    }

    /** The index's paragraphs by file name, in order; empty when there is no index yet. */
    private static Map<String, String> paragraphs(Path folder) throws IOException {
        Map<String, String> paragraphs = new TreeMap<>();
        Path packages = folder.resolve(PACKAGES);
        if (!Files.exists(packages)) {
            return paragraphs;
        }
        for (String p : Files.readString(packages, StandardCharsets.UTF_8).split("\n\n")) {
            if (p.isBlank()) {
                continue;
            }
            String fileName = parse(p).field("Filename");
            paragraphs.put(fileName.startsWith("./") ? fileName.substring(2) : fileName, p.strip());
        }
        return paragraphs;
    }

    private static DebControl parse(String paragraph) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String key = null;
        StringBuilder value = new StringBuilder();
        for (String line : paragraph.strip().split("\n")) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                value.append('\n').append(line);
                continue;
            }
            if (key != null) {
                fields.add(Map.entry(key, value.toString()));
            }
            int colon = line.indexOf(':');
            key = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (key != null) {
            fields.add(Map.entry(key, value.toString()));
        }
        return new DebControl(fields);
    }

    /** The package's index paragraph: its control fields, then where the file is and its size and hash. */
    private static String paragraph(DebControl control, String fileName, long size, String sha256) {
        StringBuilder p = new StringBuilder();
        for (Map.Entry<String, String> f : control.fields()) {
            if (!OURS.contains(f.getKey().toLowerCase(Locale.ROOT))) {
                p.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
            }
        }
        p.append("Filename: ./").append(fileName).append('\n');
        p.append("Size: ").append(size).append('\n');
        p.append("SHA256: ").append(sha256);
        return p.toString();
    }

    /**
     * Writes Packages, Packages.gz and Release, each to a temporary file moved over the old one: apt reads Release
     * first and checks the others against it, so Release goes last.
     */
    private void writeIndex(Path folder, Map<String, String> paragraphs) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String p : paragraphs.values()) {
            text.append(p).append("\n\n");
        }
        byte[] packages = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(packages);
        }
        byte[] packagesGz = gz.toByteArray();
        Map<String, byte[]> indexes = new LinkedHashMap<>();
        indexes.put(PACKAGES, packages);
        indexes.put(PACKAGES_GZ, packagesGz);
        StringBuilder release = new StringBuilder();
        release.append("Origin: Strata\n");
        release.append("Label: Strata\n");
        release.append("Date: ").append(RFC_2822.format(clock.instant())).append('\n');
        release.append("SHA256:\n");
        for (Map.Entry<String, byte[]> f : indexes.entrySet()) {
            release.append(' ')
                    .append(HexFormat.of().formatHex(sha256().digest(f.getValue())))
                    .append(' ')
                    .append(f.getValue().length)
                    .append(' ')
                    .append(f.getKey())
                    .append('\n');
        }
        replace(folder, PACKAGES, packages);
        replace(folder, PACKAGES_GZ, packagesGz);
        replace(folder, RELEASE, release.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void replace(Path folder, String name, byte[] content) throws IOException {
        Path temp = Files.createTempFile(folder, ".index-", ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

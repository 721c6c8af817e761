package org.strata.patching.repo;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.patch.RepositoryPackage;

/**
 * A local repository judged by the real apt: {@link RepositoryServlet} in an embedded Jetty on 127.0.0.1 serves
 * {@link FlatAptRepositories}' folder, and apt-get and apt-cache, in a configuration of their own (APT_CONFIG: their
 * own state, cache, sources and no host configuration), read it as {@code deb [trusted=yes] URL ./}.
 */
public class AptJudgesLocalRepositoryTest {

    private static final String REPO = "0b6f6f1e-0000-4000-8000-000000000021";
    private static final String PACKAGE = "strata-test-hello";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path work;
    private FlatAptRepositories repositories;
    private Server jetty;
    private String base;
    private Path aptConfig;

    @Before
    public void serve() throws Exception {
        work = temp.getRoot().toPath();
        repositories = new FlatAptRepositories(work.resolve("repositories"), Clock.systemUTC());
        jetty = new Server();
        ServerConnector http = new ServerConnector(jetty);
        http.setHost("127.0.0.1");
        http.setPort(0);
        jetty.addConnector(http);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new RepositoryServlet(repositories)), RepositoryServlet.PATH + "/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + http.getLocalPort() + RepositoryServlet.PATH + "/";
        aptConfig = aptConfiguration();
    }

    @After
    public void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    public void aptSeesUploadsRefusalsChangeNothingAndTheNewerVersionIsTheCandidate() throws Exception {
        Path v1 = Debs.build(work, PACKAGE, "1.0-1", "xz");
        RepositoryPackage first = upload(v1);
        assertEquals(
                new RepositoryPackage(
                        PACKAGE,
                        "1.0-1",
                        "all",
                        PACKAGE + "_1.0-1_all.deb",
                        Files.size(v1),
                        sha256(Files.readAllBytes(v1)),
                        first.uploaded()),
                first);
        assertEquals(List.of(first), repositories.list(REPO));

        assertEquals("1.0-1", candidate(aptUpdateAndPolicy()));
        // apt fetches the file the index names, and checks its size and hash against it.
        Path downloaded = aptDownload();
        assertArrayEquals(Files.readAllBytes(v1), Files.readAllBytes(downloaded));

        // A corrupt upload and a duplicate are refused and change nothing, not even a temporary file.
        List<String> before = snapshot();
        byte[] whole = Files.readAllBytes(Debs.build(work, PACKAGE, "1.2-1", "xz"));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertEquals(ErrorCode.INVALID_INPUT, refused(new java.io.ByteArrayInputStream(cut)));
        assertEquals(ErrorCode.INVALID_INPUT, refused(new java.io.ByteArrayInputStream("not a package".getBytes())));
        assertEquals(ErrorCode.CONFLICT, refused(Files.newInputStream(v1)));
        assertEquals(before, snapshot());

        // A second version: listed, and apt's candidate is the newer, with the older still known.
        RepositoryPackage second = upload(Debs.build(work, PACKAGE, "1.1-1", "gzip"));
        assertEquals(List.of(first, second), repositories.list(REPO));
        String policy = aptUpdateAndPolicy();
        assertEquals("1.1-1", candidate(policy));
        assertTrue(policy, policy.contains(" 1.0-1 "));

        // Removed again: apt's candidate is the first version once more.
        repositories.remove(REPO, second.fileName());
        assertEquals(List.of(first), repositories.list(REPO));
        assertEquals("1.0-1", candidate(aptUpdateAndPolicy()));
        assertThrows(StrataException.class, () -> repositories.remove(REPO, second.fileName()));

        repositories.delete(REPO);
        assertFalse(Files.exists(repositories.folder(REPO)));
    }

    @Test
    public void servesTheRepositoriesFilesAndNothingElse() throws Exception {
        RepositoryPackage p = upload(Debs.build(work, PACKAGE, "1.0-1", "xz"));
        Files.writeString(repositories.folder(REPO).resolve(".upload-1.tmp"), "half an upload");
        Files.writeString(work.resolve("repositories/secret.txt"), "not for guests");
        HttpClient client = HttpClient.newHttpClient();

        for (String file : List.of("Release", "Packages", "Packages.gz", p.fileName())) {
            HttpResponse<byte[]> r = get(client, REPO + "/" + file);
            assertEquals(file, 200, r.statusCode());
            assertArrayEquals(file, Files.readAllBytes(repositories.folder(REPO).resolve(file)), r.body());
        }
        for (String path : List.of(
                REPO + "/",
                REPO,
                "",
                REPO + "/.upload-1.tmp",
                REPO + "/InRelease",
                REPO + "/Release/x",
                "other/Release",
                "secret.txt",
                REPO + "/../secret.txt",
                REPO + "/%2e%2e/secret.txt",
                "..%2fsecret.txt",
                REPO + "/..%2fsecret.txt")) {
            int status = get(client, path).statusCode();
            // Jetty refuses some tricks itself (400); whatever answers, nothing is served.
            assertTrue(path + ": " + status, status == 404 || status == 400);
        }
        HttpResponse<byte[]> post = client.send(
                HttpRequest.newBuilder(URI.create(base + REPO + "/Release"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
    }

    // ---- helpers

    private RepositoryPackage upload(Path deb) throws IOException {
        try (InputStream in = Files.newInputStream(deb)) {
            return repositories.add(REPO, in);
        }
    }

    private ErrorCode refused(InputStream in) {
        return assertThrows(StrataException.class, () -> repositories.add(REPO, in))
                .code();
    }

    /** Every file of the repository's folder with its content's hash. */
    private List<String> snapshot() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.list(repositories.folder(REPO))) {
            for (Path f : all.sorted().toList()) {
                files.add(f.getFileName() + " " + sha256(Files.readAllBytes(f)));
            }
        }
        return files;
    }

    private HttpResponse<byte[]> get(HttpClient client, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private Path aptConfiguration() throws IOException {
        Path apt = Files.createDirectories(work.resolve("apt"));
        for (String dir : List.of("state/lists/partial", "cache/archives/partial", "parts", "download")) {
            Files.createDirectories(apt.resolve(dir));
        }
        Files.writeString(apt.resolve("status"), "");
        Files.writeString(apt.resolve("sources.list"), "deb [trusted=yes] " + base + REPO + "/ ./\n");
        Path config = apt.resolve("apt.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "Dir::Etc::Parts \"" + apt.resolve("parts") + "\";",
                        "Dir::Etc::Main \"/dev/null\";",
                        "Dir::Etc::SourceList \"" + apt.resolve("sources.list") + "\";",
                        "Dir::Etc::SourceParts \"-\";",
                        "Dir::Etc::Preferences \"/dev/null\";",
                        "Dir::Etc::PreferencesParts \"-\";",
                        "Dir::State \"" + apt.resolve("state") + "\";",
                        "Dir::State::status \"" + apt.resolve("status") + "\";",
                        "Dir::Cache \"" + apt.resolve("cache") + "\";",
                        "Debug::NoLocking \"1\";",
                        // As root, apt would fetch as _apt, which cannot write into the test's folder.
                        "APT::Sandbox::User \"root\";",
                        "Acquire::Languages \"none\";",
                        "Acquire::http::Proxy \"DIRECT\";",
                        "Acquire::Retries \"0\";",
                        ""));
        return config;
    }

    private String aptUpdateAndPolicy() throws Exception {
        String update = apt(List.of("apt-get", "-q", "update"), work);
        assertFalse(update, update.contains("W:") || update.contains("E:"));
        return apt(List.of("apt-cache", "policy", PACKAGE), work);
    }

    private Path aptDownload() throws Exception {
        Path into = work.resolve("apt/download");
        apt(List.of("apt-get", "-q", "download", PACKAGE), into);
        try (Stream<Path> files = Files.list(into)) {
            return files.filter(f -> f.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
    }

    private static String candidate(String policy) {
        Matcher m = Pattern.compile("Candidate: (\\S+)").matcher(policy);
        assertTrue(policy, m.find());
        return m.group(1);
    }

    private String apt(List<String> command, Path dir) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        b.environment().put("APT_CONFIG", aptConfig.toString());
        b.environment().put("LC_ALL", "C");
        Path log = Files.createTempFile(work, "apt-", ".log");
        b.redirectOutput(log.toFile());
        Process p = b.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish in 120 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(command + ":\n" + out, 0, p.exitValue());
        return out;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

package org.strata.itests;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real distribution, unpacked into a folder of the test's and started as an operator starts it
 * ({@code bin/karaf server}, so its own scripts run: bin/setenv, bin/strata-init), outside Pax Exam: for tests
 * that must outlive, kill, restart or starve the JVM, or look at its files. HTTPS on 127.0.0.1:8443, trusting the
 * certificate the installation made for itself.
 */
final class Distribution implements AutoCloseable {

    static final String ADMIN = "admin";
    // Boot takes 15-30 s on 2 cores; a CI machine shared with other jobs has been seen to need over 120 s.
    static final Duration READY = Duration.ofSeconds(180);
    private static final String BASE = "https://127.0.0.1:8443";

    private final Path home;
    private final String password;
    private Process karaf;
    private HttpClient http;

    private Distribution(Path home, String password) {
        this.home = home;
        this.password = password;
    }

    /** Unpacks the distribution this build made into a new folder under {@code parent}, with user admin. */
    static Distribution unpack(Path parent, String adminPassword) throws Exception {
        Path home = Files.createTempDirectory(parent.toAbsolutePath(), "dist-");
        File dist = new File("../assembly/target/strata-assembly-" + System.getProperty("project.version") + ".tar.gz");
        Process tar = new ProcessBuilder(
                        "tar", "-xzf", dist.getAbsolutePath(), "-C", home.toString(), "--strip-components=1")
                .inheritIO()
                .start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("cannot unpack " + dist);
        }
        Files.writeString(
                home.resolve("etc/users.properties"),
                "\n" + ADMIN + " = " + adminPassword
                        + ",_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembootstrap,ssh\n",
                StandardOpenOption.APPEND);
        return new Distribution(home, adminPassword);
    }

    Path home() {
        return home;
    }

    /** Adds a user of the realm: {@code roles} as users.properties takes them ("manager,ssh"). */
    Distribution user(String name, String password, String roles) throws IOException {
        Files.writeString(
                home.resolve("etc/users.properties"),
                name + " = " + password + "," + roles + "\n",
                StandardOpenOption.APPEND);
        return this;
    }

    /** Sets a key of a configuration file under etc/ (replacing its line, or adding one). */
    Distribution configure(String file, String key, String value) throws IOException {
        Path cfg = home.resolve("etc").resolve(file);
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg)) : new ArrayList<>();
        lines.removeIf(l -> l.matches("^#?\\s*" + java.util.regex.Pattern.quote(key) + "\\s*=.*"));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
        return this;
    }

    /** Runs one command of the Karaf console over SSH (bin/client), as the given user; its output and status. */
    StrataTestSupport.ProgramResult client(String user, String password, String command) throws Exception {
        Process p = new ProcessBuilder(
                        home.resolve("bin/client").toString(), "-u", user, "-p", password, "-r", "1", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/client did not end within 60 s");
        }
        return new StrataTestSupport.ProgramResult(p.exitValue(), out);
    }

    String password() {
        return password;
    }

    Process process() {
        return karaf;
    }

    /** Starts it and waits until it is ready. */
    void start() throws Exception {
        startWith(List.of());
        awaitReady();
    }

    /**
     * Starts {@code bin/karaf server} behind the given command prefix (empty, or say {@code unshare -m ...}),
     * without waiting. With KARAF_EXEC=exec the JVM replaces the script, so {@link #process()} is the JVM itself.
     */
    void startWith(List<String> prefix) throws IOException {
        awaitPortsFree();
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve("bin/karaf").toString());
        command.add("server");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.log").toFile()));
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("KARAF_EXEC", "exec");
        builder.environment().remove("STRATA_INIT_DONE");
        karaf = builder.start();
    }

    /**
     * Waits until nothing listens on the ports the distribution takes (HTTPS 8443, SSH 8101, plain HTTP 8181 when
     * on): the Karaf of the test class before may still be going away, and Jetty started while it holds 8443 never
     * binds (the start then looks like one that never becomes ready). Fails after a minute naming the port.
     */
    private static void awaitPortsFree() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int port : new int[] {8443, 8101, 8181}) {
            while (listening(port)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " on 127.0.0.1 is still taken after 60 s; another"
                            + " Strata or test container runs");
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval while it goes away
            }
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until /api/v1/health/ready answers 200; fails when the JVM exits first or time runs out. */
    void awaitReady() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (readyStatus() != 200) {
            if (!karaf.isAlive()) {
                throw new AssertionError(
                        "Strata exited while starting; see " + home.resolve("data/log/karaf.log") + "\n" + console());
            }
            if (System.nanoTime() > deadline) {
                // The folder is removed after the test: what went wrong must travel with the failure.
                throw new AssertionError("Strata did not become ready in " + READY.toSeconds() + " s (last answer "
                        + readyStatus() + "); errors in data/log/karaf.log:\n" + errors("data/log/karaf.log", 20)
                        + "\nits end:\n" + tail("data/log/karaf.log", 40) + "\nconsole:\n" + tail("console.log", 20));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval while the JVM boots
        }
    }

    /** Waits for the JVM to exit by itself, and returns what it printed on its console. */
    String awaitExit(Duration timeout) throws Exception {
        if (!karaf.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Strata did not exit within " + timeout);
        }
        return console();
    }

    /** The first ERROR lines of a log of the installation, each with the line after it, for failure messages. */
    String errors(String file, int most) {
        try {
            List<String> all = Files.readAllLines(home.resolve(file), StandardCharsets.UTF_8);
            List<String> found = new ArrayList<>();
            for (int i = 0; i < all.size() && found.size() < most; i++) {
                if (all.get(i).contains("| ERROR ")) {
                    found.add(all.get(i));
                    if (i + 1 < all.size()) {
                        found.add(all.get(i + 1));
                    }
                }
            }
            return found.isEmpty() ? "(none)" : String.join("\n", found);
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The last lines of a log of the installation that contain {@code needle}, for failure messages. */
    String grep(String file, String needle, int most) {
        try {
            List<String> found = Files.readAllLines(home.resolve(file), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(needle))
                    .toList();
            return String.join("\n", found.subList(Math.max(0, found.size() - most), found.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The last lines of a file of the installation, for failure messages. */
    String tail(String file, int lines) {
        try {
            List<String> all = Files.readAllLines(home.resolve(file), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    String console() {
        try {
            return Files.readString(home.resolve("console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console.log: " + e.getMessage() + ")";
        }
    }

    private int readyStatus() {
        try {
            return send("GET", "/api/v1/health/ready", null, null).statusCode();
        } catch (IOException | IllegalStateException e) {
            return 0; // not listening yet, or no certificate yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** SIGKILL: no shutdown hook, no clean close. */
    void kill() throws InterruptedException {
        if (karaf != null && karaf.isAlive()) {
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: Karaf's clean stop. */
    void stop() throws InterruptedException {
        if (karaf != null && karaf.isAlive()) {
            karaf.destroy();
            if (!karaf.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("Strata did not stop within 120 s");
            }
        }
    }

    /** Kills it and removes its folder (kept when the system property strata.itest.keep is set, to look into). */
    @Override
    public void close() throws Exception {
        kill();
        if (System.getProperty("strata.itest.keep") == null) {
            Process rm =
                    new ProcessBuilder("rm", "-rf", home.toString()).inheritIO().start();
            rm.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** As admin. */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, ADMIN + ":" + password);
    }

    /** With the given {@code user:password}, or none when null. */
    HttpResponse<String> send(String method, String path, String body, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a file's bytes as admin, as {@code contentType}. */
    HttpResponse<String> upload(String path, Path file, String contentType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((ADMIN + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        return client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A client trusting the certificate this installation made at its first start. */
    synchronized HttpClient client() {
        if (http == null) {
            Path cert = home.resolve("etc/strata-tls.crt");
            if (!Files.exists(cert)) {
                throw new IllegalStateException("no certificate yet");
            }
            http = TestTls.client(cert);
        }
        return http;
    }
}

package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the real Strata distribution (the tar.gz the assembly module built) and talks to it over real
 * HTTP on 127.0.0.1, as an integrator would.
 */
public abstract class StrataTestSupport {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "it-secret";
    static final String VIEWER = "auditor";
    static final String VIEWER_PASSWORD = "it-viewer";
    static final String BASE = "https://127.0.0.1:8443";
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final long POLL_INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

    @Inject
    protected BundleContext bundleContext;

    /** Inside the container: trusts the certificate the container serves (see {@link TestTls}). */
    protected final HttpClient http = System.getProperty(TestTls.CACERT_PROPERTY) == null
            ? null
            : TestTls.client(java.nio.file.Path.of(System.getProperty(TestTls.CACERT_PROPERTY)));

    protected final ObjectMapper json = new ObjectMapper();

    @Configuration
    public Option[] config() throws Exception {
        TestTls.ensureKeystore();
        MavenArtifactUrlReference distribution = maven().groupId("org.strata")
                .artifactId("strata-assembly")
                .type("tar.gz")
                .versionAsInProject();
        String karaf = "4.4.10";
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(distribution)
                    .name("Strata")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",_g_:admingroup"),
            editConfigurationFilePut(
                    "etc/users.properties", "_g_:admingroup", "group,admin,manager,viewer,systembootstrap,ssh"),
            editConfigurationFilePut("etc/users.properties", VIEWER, VIEWER_PASSWORD + ",viewer"),
            // The distribution never downloads; Pax Exam's own probe bundles come from the build's repository.
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.url.mvn.cfg",
                    "org.ops4j.pax.url.mvn.repositories",
                    "file:" + System.getProperty("maven.repo.local") + "@id=build@snapshots"),
            systemProperty("strata.itest").value("true"),
            // HTTPS only, as the distribution serves: with the keystore made here (strata-init does not run here).
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.web.cfg",
                    "org.ops4j.pax.web.ssl.keystore",
                    TestTls.keystore().toString()),
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.password", TestTls.PASSWORD),
            editConfigurationFilePut(
                    "etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.password", TestTls.PASSWORD),
            systemProperty(TestTls.CACERT_PROPERTY).value(TestTls.certificate().toString()),
            // What bin/karaf adds on Java 9+, which Pax Exam does not.
            new VMOption("--add-reads=java.xml=java.logging"),
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"),
            new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar"),
            new VMOption("--patch-module"),
            new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar"),
            new VMOption("--add-opens"),
            new VMOption("java.base/java.security=ALL-UNNAMED"),
            new VMOption("--add-opens"),
            new VMOption("java.base/java.net=ALL-UNNAMED"),
            new VMOption("--add-opens"),
            new VMOption("java.base/java.lang=ALL-UNNAMED"),
            new VMOption("--add-opens"),
            new VMOption("java.base/java.util=ALL-UNNAMED"),
            new VMOption("--add-opens"),
            new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            new VMOption("--add-opens"),
            new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
            new VMOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
            new VMOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
            new VMOption("-classpath"),
            new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
        };
    }

    /** Waits until the web services are deployed and the demo driver is bound: HTTP 200 alone is not enough. */
    protected void awaitPlatformReady() throws Exception {
        awaitService("(&(objectClass=org.osgi.service.blueprint.container.BlueprintContainer)"
                + "(osgi.blueprint.container.symbolicname=org.strata.ws))");
        awaitService("(objectClass=org.strata.spi.hypervisor.HypervisorDriver)");
        await(
                "the demo driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"demo\""));
    }

    protected Object awaitService(String filter) throws Exception {
        Filter f = FrameworkUtil.createFilter(filter);
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(bundleContext, f, null);
        tracker.open();
        try {
            Object service = tracker.waitForService(WAIT.toMillis());
            if (service == null) {
                throw new AssertionError("no service " + filter + " within " + WAIT);
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /**
     * Polls an observable condition until it holds. Used for state that changes asynchronously (a task
     * finishing, a driver coming back); fails with a message when the deadline passes.
     */
    protected static void await(String what, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            // A poll interval, not a guess at how long the work takes: the loop ends when the condition holds.
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
        }
    }

    @FunctionalInterface
    protected interface CheckedCondition {
        boolean holds() throws Exception;
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    // ---- HTTP

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path, ADMIN, ADMIN_PASSWORD).GET().build());
    }

    protected HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path, ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(request(path, ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path, ADMIN, ADMIN_PASSWORD).DELETE().build());
    }

    protected HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            builder.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A create's answer: 201 (the body says why otherwise), and its JSON. */
    protected JsonNode created(HttpResponse<String> response) throws Exception {
        assertEquals(response.body(), 201, response.statusCode());
        return parse(response);
    }

    protected JsonNode parse(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    /** Waits for a task to finish and returns its final JSON. */
    protected JsonNode awaitTask(String taskId) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await("task " + taskId + " finishes", () -> {
            last[0] = parse(get("/api/v1/tasks/" + taskId));
            String state = last[0].path("state").asText();
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
        });
        return last[0];
    }

    /** Posts or deletes, expects an accepted task, waits for it and checks that it succeeded. */
    protected JsonNode succeeded(HttpResponse<String> accepted) throws Exception {
        assertTrue(accepted.body(), accepted.statusCode() == 202 || accepted.statusCode() == 200);
        JsonNode task = awaitTask(parse(accepted).path("id").asText());
        assertEquals(task.toString(), "SUCCEEDED", task.path("state").asText());
        return task;
    }

    // ---- programs of this machine (virsh, qemu-img, ipmitool, the test-env scripts): the independent witnesses

    /** The outcome of a program: its exit status and everything it printed. */
    protected record ProgramResult(int exitStatus, String output) {}

    /** Runs a program with extra environment variables and returns its outcome, whatever it is. */
    protected static ProgramResult execute(List<String> command, Map<String, String> environment) throws Exception {
        return execute(command, environment, java.time.Duration.ofSeconds(60));
    }

    /** The same, for a program that may take up to {@code timeout}. */
    protected static ProgramResult execute(
            List<String> command, Map<String, String> environment, java.time.Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + timeout.toSeconds() + " s");
        }
        return new ProgramResult(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /** Removes a folder a test made, with what it holds; null or already gone is fine. */
    protected static void deleteTree(java.nio.file.Path folder) throws IOException {
        if (folder == null || !java.nio.file.Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(folder)) {
            for (java.nio.file.Path p :
                    (Iterable<java.nio.file.Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    /** Runs a program and returns what it printed; fails unless it exits with 0. */
    protected static String program(List<String> command, Map<String, String> environment) throws Exception {
        ProgramResult result = execute(command, environment);
        if (result.exitStatus() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited with " + result.exitStatus() + ": " + result.output());
        }
        return result.output();
    }
}

package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.locks.LockSupport;

/**
 * What every whole-system benchmark does with Strata's REST API: authenticated requests over one shared
 * HTTP/1.1 client (it keeps connections alive, as an integrator's client would) and waiting for tasks.
 */
final class StrataClient {

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String auth;

    /**
     * Over HTTPS it trusts the certificate named by the system property {@code strata.cacert} (bench/lib.sh passes
     * the one the installation made), or else a self-signed one from 127.0.0.1 only.
     */
    StrataClient(String base, String user, String password) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        URI uri = URI.create(base);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            String cacert = System.getProperty("strata.cacert");
            Path pem = cacert == null || !Files.exists(Path.of(cacert)) ? null : Path.of(cacert);
            try {
                builder.sslContext(LoopbackTrust.context(uri.getHost(), pem));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS for " + base + ": " + e.getMessage(), e);
            }
        }
        this.http = builder.build();
        this.auth =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    ObjectMapper json() {
        return json;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** GET that must answer 200, as JSON. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", auth)
                .timeout(Duration.ofSeconds(120));
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The task an accepted request answered with, waited for until it SUCCEEDED; fails when it did not. */
    JsonNode task(HttpResponse<String> accepted) throws IOException, InterruptedException {
        if (accepted.statusCode() >= 300) {
            throw new IllegalStateException(accepted.statusCode() + " " + accepted.body());
        }
        JsonNode task = json.readTree(accepted.body());
        if (!task.path("state").asText().equals("SUCCEEDED")) {
            task = awaitTask(task.path("id").asText());
        }
        return task;
    }

    JsonNode awaitTask(String id) throws IOException, InterruptedException {
        while (true) {
            JsonNode t = getJson("/api/v1/tasks/" + id);
            switch (t.path("state").asText()) {
                case "SUCCEEDED":
                    return t;
                case "FAILED":
                case "CANCELLED":
                    throw new IllegalStateException("task failed: " + t);
                default:
                    LockSupport.parkNanos(1_000_000);
            }
        }
    }
}

package org.strata.bench.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Sends the fuzzer's requests one at a time (so that a seed gives one order of events) over HTTP/1.1, exactly as
 * written: paths are not normalised, bodies not re-encoded, so what the report shows is what the server got.
 */
final class HttpExchanger {

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    /** @param base the API root, {@code http://127.0.0.1:18181/api/v1}; {@link FuzzOptions} has checked its host */
    HttpExchanger(String base, String authorization, SSLContext tls, Duration timeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    Exchange send(FuzzRequest request) throws InterruptedException {
        long began = System.nanoTime();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.pathAndQuery()))
                    .timeout(timeout);
            String auth = request.authorization() == null ? authorization : request.authorization();
            if (!auth.isEmpty()) {
                b.header("Authorization", auth);
            }
            request.headers().forEach(b::header);
            HttpRequest.BodyPublisher body = request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
            b.method(request.method(), body);
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            return new Exchange(
                    request,
                    response.statusCode(),
                    headers,
                    new String(response.body(), StandardCharsets.UTF_8),
                    null,
                    millisSince(began));
        } catch (HttpTimeoutException e) {
            return new Exchange(
                    request, 0, Map.of(), "", "no answer within " + timeout.toSeconds() + " s", millisSince(began));
        } catch (IOException | IllegalArgumentException e) {
            return new Exchange(
                    request, 0, Map.of(), "", e.getClass().getSimpleName() + ": " + e.getMessage(), millisSince(began));
        }
    }

    private static long millisSince(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }
}

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Event-to-client latency of the event stream (issue 15): CLIENTS Server-Sent Events clients follow
 * {@code GET /api/v1/events/stream?type=LOGIN_FAILED}, then EVENTS events are caused at RATE per second by failed
 * logins (each one a {@code LOGIN_FAILED} event the login audit posts to be recorded). For every event and client:
 * the time the client read the event minus the event's recorded {@code time} (same machine, same clock; the time
 * is kept to the millisecond). Also checks that every client got every event, once and in order.
 *
 * <p>Usage: {@code EventLatency BASE_URL USER PASSWORD CLIENTS EVENTS RATE}; run by {@code bench/events.sh}.
 */
public final class EventLatency {

    private EventLatency() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: EventLatency BASE_URL USER PASSWORD CLIENTS EVENTS RATE");
            System.exit(2);
        }
        String base = args[0];
        String auth = "Basic "
                + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int clients = Integer.parseInt(args[3]);
        int events = Integer.parseInt(args[4]);
        double rate = Double.parseDouble(args[5]);
        HttpClient http = client(base);
        ObjectMapper json = new ObjectMapper();
        String run = "bench-" + Long.toString(System.nanoTime(), 36);

        // Each reader: its own connection (HTTP/1.1), its own thread; what it read goes to its own arrays.
        long[][] latencyMicros = new long[clients][events];
        long[][] ids = new long[clients][events];
        int[] received = new int[clients];
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger failures = new AtomicInteger();
        List<Stream<String>> streams = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream?type=LOGIN_FAILED"))
                    .header("Authorization", auth)
                    .header("Accept", "text/event-stream")
                    .build();
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("stream " + c + ": HTTP " + response.statusCode());
            }
            streams.add(response.body());
            int client = c;
            Thread reader = new Thread(
                    () -> {
                        try {
                            var lines = response.body().iterator();
                            connected.countDown();
                            while (received[client] < events && lines.hasNext()) {
                                String line = lines.next();
                                if (!line.startsWith("data: ")) {
                                    continue;
                                }
                                Instant now = Instant.now();
                                JsonNode event = json.readTree(line.substring(6));
                                if (!event.path("subjectId").asText().startsWith(run)) {
                                    continue; // a failed login of someone else
                                }
                                Instant time = Instant.parse(event.path("time").asText());
                                latencyMicros[client][received[client]] =
                                        Duration.between(time, now).toNanos() / 1000;
                                ids[client][received[client]] = event.path("id").asLong();
                                received[client]++;
                            }
                        } catch (IOException | RuntimeException e) {
                            failures.incrementAndGet();
                            System.err.println("client " + client + ": " + e);
                        } finally {
                            done.countDown();
                        }
                    },
                    "sse-" + c);
            reader.setDaemon(true);
            reader.start();
        }
        connected.await();

        // The events: failed logins, paced at RATE per second.
        long interval = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        for (int e = 0; e < events; e++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += interval;
            String wrong = "Basic "
                    + Base64.getEncoder().encodeToString((run + "-" + e + ":wrong").getBytes(StandardCharsets.UTF_8));
            int status = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/v1/drivers"))
                                    .header("Authorization", wrong)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 401) {
                throw new IllegalStateException("a wrong password answered " + status + ", not 401");
            }
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        streams.forEach(Stream::close);

        int total = Arrays.stream(received).sum();
        long[] measured = new long[total];
        int k = 0;
        int inOrder = 0;
        for (int c = 0; c < clients; c++) {
            boolean ordered = true;
            for (int i = 0; i < received[c]; i++) {
                measured[k++] = latencyMicros[c][i];
                ordered &= i == 0 || ids[c][i] > ids[c][i - 1];
            }
            inOrder += ordered ? 1 : 0;
        }
        Arrays.sort(measured);
        System.out.printf(
                Locale.ROOT,
                "clients %d, events %d at %.0f/s: received %d of %d (%s), in order at %d of %d "
                        + "clients, reader failures %d%n",
                clients,
                events,
                rate,
                total,
                clients * events,
                all ? "all readers done" : "some readers timed out",
                inOrder,
                clients,
                failures.get());
        if (measured.length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "event-to-client latency, ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    pct(measured, 50),
                    pct(measured, 90),
                    pct(measured, 99),
                    measured[measured.length - 1] / 1000.0);
        }
        System.exit(total == clients * events && failures.get() == 0 ? 0 : 1);
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    private static HttpClient client(String base) throws IOException, GeneralSecurityException {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        URI uri = URI.create(base);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            String cacert = System.getProperty("strata.cacert");
            Path pem = cacert == null || !Files.exists(Path.of(cacert)) ? null : Path.of(cacert);
            builder.sslContext(LoopbackTrust.context(uri.getHost(), pem));
        }
        return builder.build();
    }
}

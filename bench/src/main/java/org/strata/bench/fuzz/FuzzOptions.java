package org.strata.bench.fuzz;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * How a run is set: where Strata is (only ever on this machine), who the fuzzer is, its seed and its bounds.
 *
 * @param document a file to read the OpenAPI document from; null to fetch it from the server ({@code /openapi.json})
 * @param strict5xx whether 501/502/503 answers the operation documents count as findings (by default, every 5xx does)
 */
record FuzzOptions(
        URI baseUrl,
        String user,
        String password,
        long seed,
        int requests,
        Duration time,
        Path out,
        Path caCert,
        Path document,
        int examples,
        Duration requestTimeout,
        boolean reportOnly,
        boolean strict5xx) {

    static final String USAGE = """
            usage: FuzzMain [options]
              --base-url URL        the REST API root, http(s)://127.0.0.1:PORT/api/v1 (127.0.0.1 or localhost only)
              --user NAME           (admin)
              --password TEXT       or the environment's STRATA_FUZZ_PASSWORD
              --seed N              the random seed: one seed, one sequence of requests (1)
              --requests N          at most this many requests (3000)
              --seconds S           and at most this long (600)
              --out DIR             where fuzz-report.json and fuzz-summary.csv go (bench/target/fuzz)
              --cacert FILE         a PEM certificate to trust for https (else a self-signed one is taken from 127.0.0.1 only)
              --document FILE       the OpenAPI document to use instead of the server's /openapi.json
              --examples N          examples kept per category (10)
              --request-timeout S   longest wait for one answer (90)
              --allow-documented-5xx  501/502/503 that the operation documents do not fail the run
              --report-only         exit 0 even when there are findings
            exit status: 0 no findings (or --report-only), 1 findings, 2 bad usage or refused target, 3 could not run
            """;

    /** A usage error, or a target that is not on this machine: the run does not start. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    static FuzzOptions parse(List<String> args, String passwordFromEnvironment) throws Refused {
        URI base = URI.create("http://127.0.0.1:18181/api/v1");
        String user = "admin";
        String password = passwordFromEnvironment;
        long seed = 1;
        int requests = 3000;
        long seconds = 600;
        Path out = Path.of("bench/target/fuzz");
        Path caCert = null;
        Path document = null;
        int examples = 10;
        long timeout = 90;
        boolean reportOnly = false;
        boolean strict5xx = true;
        Deque<String> rest = new ArrayDeque<>(args);
        try {
            while (!rest.isEmpty()) {
                String arg = rest.pop();
                switch (arg) {
                    case "--base-url" -> base = URI.create(value(rest, arg));
                    case "--user" -> user = value(rest, arg);
                    case "--password" -> password = value(rest, arg);
                    case "--seed" -> seed = Long.parseLong(value(rest, arg));
                    case "--requests" -> requests = positive(Integer.parseInt(value(rest, arg)), arg);
                    case "--seconds" -> seconds = positive(Integer.parseInt(value(rest, arg)), arg);
                    case "--out" -> out = Path.of(value(rest, arg));
                    case "--cacert" -> caCert = Path.of(value(rest, arg));
                    case "--document" -> document = Path.of(value(rest, arg));
                    case "--examples" -> examples = positive(Integer.parseInt(value(rest, arg)), arg);
                    case "--request-timeout" -> timeout = positive(Integer.parseInt(value(rest, arg)), arg);
                    case "--allow-documented-5xx" -> strict5xx = false;
                    case "--report-only" -> reportOnly = true;
                    default -> throw new Refused("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new Refused("bad value: " + e.getMessage());
        }
        if (password == null || password.isEmpty()) {
            throw new Refused("no password: --password or STRATA_FUZZ_PASSWORD");
        }
        return new FuzzOptions(
                loopbackOnly(base),
                user,
                password,
                seed,
                requests,
                Duration.ofSeconds(seconds),
                out,
                caCert,
                document,
                examples,
                Duration.ofSeconds(timeout),
                reportOnly,
                strict5xx);
    }

    /**
     * The base URL if it names this machine. The fuzzer sends thousands of malformed requests and deletes what it
     * finds: it must never be pointed at a server someone depends on, so it refuses anything but the loopback.
     */
    static URI loopbackOnly(URI base) throws Refused {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("the base URL must be http or https: " + base);
        }
        if (base.getRawUserInfo() != null) {
            throw new Refused("credentials go in --user and --password, not in the URL");
        }
        String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new Refused("refusing to fuzz '" + base.getHost() + "': only 127.0.0.1 and localhost");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new Refused("the base URL takes no query or fragment: " + base);
        }
        return base;
    }

    private static String value(Deque<String> rest, String option) throws Refused {
        if (rest.isEmpty()) {
            throw new Refused(option + " needs a value");
        }
        return rest.pop();
    }

    private static int positive(int value, String option) throws Refused {
        if (value <= 0) {
            throw new Refused(option + " must be positive, was " + value);
        }
        return value;
    }
}

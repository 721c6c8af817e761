package org.strata.bench.fuzz;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.strata.bench.LoopbackTrust;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI fuzzing pass against a running Strata on this machine (bench/fuzz.sh starts one): requests made from
 * the document, every answer checked against it, a report of what disagrees. See {@link FuzzOptions#USAGE}.
 */
public final class FuzzMain {

    static final int FINDINGS = 1;
    static final int REFUSED = 2;
    static final int FAILED = 3;

    private FuzzMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args), System.getenv("STRATA_FUZZ_PASSWORD")));
    }

    static int run(List<String> args, String passwordFromEnvironment) throws InterruptedException {
        if (args.contains("-h") || args.contains("--help")) {
            System.out.print(FuzzOptions.USAGE);
            return 0;
        }
        FuzzOptions options;
        try {
            options = FuzzOptions.parse(args, passwordFromEnvironment);
        } catch (FuzzOptions.Refused e) {
            System.err.println("fuzz: " + e.getMessage());
            System.err.print(FuzzOptions.USAGE);
            return REFUSED;
        }
        ObjectMapper json = JsonMapper.builder().build();
        try {
            SSLContext tls = "https".equalsIgnoreCase(options.baseUrl().getScheme())
                    ? LoopbackTrust.context(options.baseUrl().getHost(), options.caCert())
                    : null;
            String auth = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8));
            HttpExchanger http = new HttpExchanger(options.baseUrl().toString(), auth, tls, options.requestTimeout());
            ApiDocument document = new ApiDocument(document(options, http, json));
            // A password no answer may ever carry: it is only ever sent, as hosts' and BMCs' passwords.
            String secret = "Fz-Secret-" + Long.toHexString(options.seed() * 0x9E3779B97F4A7C15L);
            Report report = new Report(options.examples());
            report.setting("baseUrl", options.baseUrl().toString());
            report.setting("seed", options.seed());
            report.setting("requestBudget", options.requests());
            report.setting("secondsBudget", options.time().toSeconds());
            report.setting(
                    "document",
                    document.root().path("info").path("title").asString("") + " "
                            + document.root().path("info").path("version").asString(""));
            report.setting("operations", document.operations().size());
            report.setting("documented5xxAreFindings", options.strict5xx());
            report.setting("started", Instant.now().toString());
            Budget budget = new Budget(options.requests(), options.time(), System::nanoTime);
            ResponseChecker checker = new ResponseChecker(
                    document, new SchemaValidator(document, json), json, secret, options.strict5xx());
            long began = System.nanoTime();
            new Fuzzer(document, http, checker, report, budget, json, secret, options.seed()).run();
            report.setting("seconds", (System.nanoTime() - began) / 1_000_000_000L);
            report.write(options.out(), json);
            System.out.print(report.summary());
            System.out.println("report: " + options.out().resolve("fuzz-report.json"));
            return report.findings() > 0 && !options.reportOnly() ? FINDINGS : 0;
        } catch (IOException | GeneralSecurityException | JacksonException | IllegalArgumentException e) {
            System.err.println("fuzz: could not run: " + e.getMessage());
            return FAILED;
        }
    }

    private static JsonNode document(FuzzOptions options, HttpExchanger http, ObjectMapper json)
            throws IOException, InterruptedException {
        if (options.document() != null) {
            return json.readTree(Files.readString(options.document()));
        }
        // Fetched as the integrator would fetch it; its own answer is not checked, there is no document yet.
        FuzzRequest get = new FuzzRequest(
                null,
                "GET",
                "/openapi.json",
                List.of(),
                Map.of("Accept", "application/json"),
                null,
                Intent.VALID,
                "the document",
                false,
                null);
        Exchange x = http.send(get);
        if (x.status() != 200) {
            throw new IOException("GET " + URI.create(options.baseUrl() + "/openapi.json") + ": "
                    + (x.status() == 0 ? x.failure() : x.status() + " " + Report.excerpt(x.body(), 200)));
        }
        return json.readTree(x.body());
    }
}

package org.strata.bench.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One fuzzing pass. Its order keeps it meaningful while it changes what it tests: first it lists what exists, then
 * reads everything (with the requests off the document and without credentials), then creates, lists again so
 * that the new objects are targets, changes and acts, and deletes last (what it made, and the demo objects too:
 * the distribution is a throwaway). At the end it reads every task, because a task that failed INTERNAL is a 500
 * that a 202 hid. Each request is checked as soon as its answer comes.
 */
final class Fuzzer {

    /** Shares of the request budget: reads, creates, changes and actions, deletes; off-document and auth come with reads. */
    private static final double READS = 0.35;

    private static final double CREATES = 0.20;
    private static final double CHANGES = 0.33;
    private static final double OFF_DOCUMENT = 0.04;
    private static final double UNAUTHENTICATED = 0.03;

    private final ApiDocument document;
    private final HttpExchanger http;
    private final ResponseChecker checker;
    private final Report report;
    private final Budget budget;
    private final ObjectMapper json;
    private final String secret;
    private final RandomGenerator random;
    private int serial;

    Fuzzer(
            ApiDocument document,
            HttpExchanger http,
            ResponseChecker checker,
            Report report,
            Budget budget,
            ObjectMapper json,
            String secret,
            long seed) {
        this.document = document;
        this.http = http;
        this.checker = checker;
        this.report = report;
        this.budget = budget;
        this.json = json;
        this.secret = secret;
        this.random = new SplittableRandom(seed);
    }

    void run() throws InterruptedException {
        SchemaValidator validator = validatorOf();
        List<ApiOperation> reads = new ArrayList<>();
        List<ApiOperation> creates = new ArrayList<>();
        List<ApiOperation> changes = new ArrayList<>();
        List<ApiOperation> deletes = new ArrayList<>();
        for (ApiOperation op : document.operations()) {
            switch (op.method()) {
                case "GET", "HEAD", "OPTIONS" -> reads.add(op);
                case "DELETE" -> deletes.add(op);
                case "POST" -> (document.operation("GET", op.pathTemplate()).isPresent() ? creates : changes).add(op);
                default -> changes.add(op);
            }
        }
        int total = budget.total();
        RequestFactory factory = factory(scan(), validator);
        phase(reads, (int) (total * READS), factory);
        int off = (int) (total * OFF_DOCUMENT);
        for (int i = 0; i < off && budget.left(); i++) {
            send(factory.offDocument(random));
        }
        int unauth = (int) (total * UNAUTHENTICATED);
        for (int i = 0; i < unauth && budget.left(); i++) {
            send(factory.unauthenticated(
                    document.operations()
                            .get(random.nextInt(document.operations().size())),
                    random));
        }
        phase(creates, (int) (total * CREATES), factory);
        factory = factory(scan(), validator);
        phase(changes, (int) (total * CHANGES), factory);
        factory = factory(scan(), validator);
        phase(deletes, Integer.MAX_VALUE, factory);
        sweepTasks();
    }

    private SchemaValidator validatorOf() {
        return new SchemaValidator(document, json);
    }

    private RequestFactory factory(Inventory inventory, SchemaValidator validator) {
        FieldHints hints = new CountingHints(new StrataHints(inventory, secret, serial));
        return new RequestFactory(
                document,
                validator,
                new ValueGenerator(document, hints),
                hints,
                new PathBinder(inventory),
                new NetworkGuard(),
                json);
    }

    /** Keeps the unique-name counter going across factories, so names made after a rescan do not clash. */
    private final class CountingHints implements FieldHints {
        private final StrataHints hints;

        CountingHints(StrataHints hints) {
            this.hints = hints;
        }

        @Override
        public JsonNode hint(
                String component,
                String field,
                Map<String, String> path,
                tools.jackson.databind.node.ObjectNode siblings,
                RandomGenerator r) {
            JsonNode value = hints.hint(component, field, path, siblings, r);
            serial = hints.serial();
            return value;
        }

        @Override
        public Boolean include(String component, String field, Map<String, String> path) {
            return hints.include(component, field, path);
        }
    }

    private Inventory scan() throws InterruptedException {
        return new InventoryScanner(document, this::sendUnbudgeted, json).scan();
    }

    /**
     * Requests to each operation in turn, four in ten valid and the rest variants, until the phase's share (or the
     * whole budget) is spent.
     */
    private void phase(List<ApiOperation> ops, int share, RequestFactory factory) throws InterruptedException {
        if (ops.isEmpty()) {
            return;
        }
        int rounds = share == Integer.MAX_VALUE ? Integer.MAX_VALUE : share;
        for (int i = 0; i < rounds && budget.left(); i++) {
            ApiOperation op = ops.get(i % ops.size());
            send(random.nextInt(10) < 4 ? factory.valid(op, random) : factory.variant(op, random));
        }
    }

    private void send(FuzzRequest request) throws InterruptedException {
        budget.spend();
        sendUnbudgeted(request);
    }

    private Exchange sendUnbudgeted(FuzzRequest request) throws InterruptedException {
        Exchange x = http.send(request);
        report.record(x, checker.check(x));
        return x;
    }

    /** Every task the run left, read back: one that failed INTERNAL is a server error its 202 did not show. */
    private void sweepTasks() throws InterruptedException {
        InventoryScanner scanner = new InventoryScanner(document, this::sendUnbudgeted, json);
        ApiOperation list = document.operation("GET", "/tasks").orElse(null);
        if (list == null) {
            return;
        }
        for (JsonNode task : scanner.list("/tasks", "/tasks", true)) {
            if ("INTERNAL".equals(task.path("errorCode").asString(""))) {
                FuzzRequest r = new FuzzRequest(
                        list,
                        "GET",
                        "/tasks/" + WireValues.segment(task.path("id").asString()),
                        List.of(),
                        Map.of(),
                        null,
                        Intent.VALID,
                        "task sweep: " + task.path("operation").asString(""),
                        false,
                        null);
                Exchange x = new Exchange(r, 200, Map.of(), task.toString(), null, 0);
                report.recordLate(new Finding(
                        Category.TASK_INTERNAL,
                        task.path("operation").asString("") + " on "
                                + task.path("targetType").asString("") + " "
                                + task.path("targetId").asString("") + ": "
                                + task.path("errorMessage").asString(""),
                        x));
            }
        }
    }
}

package org.strata.bench.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * The counts of a run and a few examples of each kind of finding, written as JSON (everything) and CSV (the
 * counts, for before/after tables). Each exchange counts once per category; the examples are chosen to differ by
 * operation and status, so that ten examples show ten problems rather than one problem ten times.
 */
final class Report {

    private final int examplesPerCategory;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byStatusClass = new TreeMap<>();
    private final Map<String, Integer> byIntent = new TreeMap<>();
    private final Map<String, Map<String, Integer>> byOperation = new TreeMap<>();
    private final Map<Category, Integer> counts = new EnumMap<>(Category.class);
    private final Map<Category, Map<String, Integer>> operationsPerCategory = new EnumMap<>(Category.class);
    private final Map<Category, List<Map<String, Object>>> examples = new EnumMap<>(Category.class);
    private final Map<Category, Set<String>> exampleKeys = new EnumMap<>(Category.class);
    private final Map<Category, Map<String, Integer>> reasons = new EnumMap<>(Category.class);
    private int requests;

    Report(int examplesPerCategory) {
        this.examplesPerCategory = examplesPerCategory;
    }

    void setting(String name, Object value) {
        settings.put(name, value);
    }

    void record(Exchange x, List<Finding> findings) {
        requests++;
        String status = x.status() == 0 ? "none" : Integer.toString(x.status());
        byStatus.merge(status, 1, Integer::sum);
        byStatusClass.merge(x.status() == 0 ? "none" : (x.status() / 100) + "xx", 1, Integer::sum);
        byIntent.merge(x.request().intent().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        byOperation
                .computeIfAbsent(x.request().operationName(), k -> new TreeMap<>())
                .merge(status, 1, Integer::sum);
        Set<Category> seen = new HashSet<>();
        for (Finding f : findings) {
            if (seen.add(f.category())) {
                add(f);
            }
        }
    }

    /** A finding that no single request's answer shows (a task's outcome), counted without a request. */
    void recordLate(Finding f) {
        add(f);
    }

    private void add(Finding f) {
        counts.merge(f.category(), 1, Integer::sum);
        operationsPerCategory
                .computeIfAbsent(f.category(), k -> new TreeMap<>())
                .merge(f.exchange().request().operationName(), 1, Integer::sum);
        reasons.computeIfAbsent(f.category(), k -> new TreeMap<>()).merge(reason(f), 1, Integer::sum);
        String key = f.exchange().request().operationName() + " " + f.exchange().status() + " "
                + f.exchange().request().intent();
        List<Map<String, Object>> list = examples.computeIfAbsent(f.category(), k -> new ArrayList<>());
        if (list.size() < examplesPerCategory
                && exampleKeys
                        .computeIfAbsent(f.category(), k -> new HashSet<>())
                        .add(key)) {
            list.add(example(f));
        }
    }

    int findings() {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().finding())
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    int requests() {
        return requests;
    }

    int count(Category c) {
        return counts.getOrDefault(c, 0);
    }

    /** One line per category, for the console. */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("requests: %d  by status class: %s%n", requests, byStatusClass));
        for (Category c : Category.values()) {
            b.append(String.format(
                    "  %-26s %6d%s%n", c.key(), count(c), c.finding() ? "" : "  (to judge, not a finding)"));
        }
        b.append(String.format("findings: %d%n", findings()));
        return b.toString();
    }

    void write(Path folder, ObjectMapper json) throws IOException {
        Files.createDirectories(folder);
        ObjectNode root = json.createObjectNode();
        root.set("settings", json.valueToTree(settings));
        ObjectNode req = root.putObject("requests");
        req.put("total", requests);
        req.set("byIntent", json.valueToTree(byIntent));
        req.set("byStatusClass", json.valueToTree(byStatusClass));
        req.set("byStatus", json.valueToTree(byStatus));
        ObjectNode cats = root.putObject("categories");
        for (Category c : Category.values()) {
            ObjectNode n = cats.putObject(c.key());
            n.put("finding", c.finding());
            n.put("meaning", c.meaning());
            n.put("count", count(c));
            n.set("operations", json.valueToTree(operationsPerCategory.getOrDefault(c, Map.of())));
            n.set("reasons", json.valueToTree(top(reasons.getOrDefault(c, Map.of()), 25)));
            n.set("examples", json.valueToTree(examples.getOrDefault(c, List.of())));
        }
        root.put("findings", findings());
        root.set("operations", json.valueToTree(byOperation));
        Files.writeString(
                folder.resolve("fuzz-report.json"),
                json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n",
                StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("category,finding,count\n");
        csv.append("requests,false,").append(requests).append('\n');
        byStatusClass.forEach((k, v) ->
                csv.append("status_").append(k).append(",false,").append(v).append('\n'));
        for (Category c : Category.values()) {
            csv.append(c.key())
                    .append(',')
                    .append(c.finding())
                    .append(',')
                    .append(count(c))
                    .append('\n');
        }
        csv.append("findings,true,").append(findings()).append('\n');
        Files.writeString(folder.resolve("fuzz-summary.csv"), csv.toString(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> example(Finding f) {
        Exchange x = f.exchange();
        FuzzRequest r = x.request();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("operation", r.operationName());
        e.put("intent", r.intent().name());
        e.put("mutation", r.mutation());
        e.put("request", r.method() + " " + excerpt(r.pathAndQuery(), 300));
        if (!r.headers().isEmpty()) {
            e.put("requestHeaders", new TreeMap<>(r.headers()));
        }
        if (r.body() != null) {
            e.put("requestBody", excerpt(r.body(), 300));
        }
        e.put("status", x.status());
        x.header("content-type").ifPresent(v -> e.put("responseContentType", v));
        e.put("responseBody", excerpt(x.body(), 500));
        e.put("detail", excerpt(f.detail(), 500));
        return e;
    }

    /**
     * What a finding says with its particulars masked (ids, quoted values, numbers), so that one cause counts once
     * however many objects it hit: "POST /pools: INVALID_INPUT: parent pool '…' does not exist".
     */
    static String reason(Finding f) {
        String detail = excerpt(f.detail(), 200)
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
                .replaceAll("'[^']*'", "'…'")
                .replaceAll("\\d+", "N");
        return f.exchange().request().operationName() + ": " + detail;
    }

    private static Map<String, Integer> top(Map<String, Integer> counts, int most) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(most)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static String excerpt(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}

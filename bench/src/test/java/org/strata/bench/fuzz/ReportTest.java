package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import tools.jackson.databind.JsonNode;

public class ReportTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ApiOperation get = SmallDocument.op(SmallDocument.load(), "GET", "/things/{id}");

    private Exchange exchange(String path, int status) {
        FuzzRequest r =
                new FuzzRequest(get, "GET", path, List.of(), Map.of(), null, Intent.VALID, "valid", false, null);
        return new Exchange(r, status, Map.of(), "{\"x\":1}", null, 1);
    }

    @Test
    public void eachExchangeCountsOncePerCategoryAndExamplesDiffer() throws Exception {
        Report report = new Report(2);
        for (int i = 0; i < 5; i++) {
            Exchange x = exchange("/things/" + i, 500);
            report.record(
                    x, List.of(new Finding(Category.STATUS_500, "a", x), new Finding(Category.STATUS_500, "b", x)));
        }
        Exchange other = exchange("/things/x", 200);
        report.record(other, List.of(new Finding(Category.VALID_REJECTED, "judge", other)));
        assertEquals(6, report.requests());
        assertEquals(5, report.count(Category.STATUS_500));
        assertEquals("valid_rejected is reported but is no finding", 5, report.findings());

        Path out = temp.newFolder("out").toPath();
        report.write(out, SmallDocument.JSON);
        JsonNode json = SmallDocument.JSON.readTree(Files.readString(out.resolve("fuzz-report.json")));
        assertEquals(6, json.path("requests").path("total").asInt());
        assertEquals(5, json.path("requests").path("byStatusClass").path("5xx").asInt());
        assertEquals(5, json.path("categories").path("status_500").path("count").asInt());
        assertEquals(
                "the same operation and status make one example",
                1,
                json.path("categories").path("status_500").path("examples").size());
        assertEquals(5, json.path("findings").asInt());
        List<String> csv = Files.readAllLines(out.resolve("fuzz-summary.csv"));
        assertEquals("category,finding,count", csv.get(0));
        assertTrue(csv.contains("status_500,true,5"));
        assertTrue(csv.contains("findings,true,5"));
    }

    @Test
    public void theBudgetEndsAtTheCountOrTheTime() {
        long[] now = {0};
        Budget budget = new Budget(3, java.time.Duration.ofSeconds(10), () -> now[0]);
        budget.spend();
        budget.spend();
        assertTrue(budget.left());
        now[0] = java.time.Duration.ofSeconds(11).toNanos();
        assertTrue(!budget.left());
        now[0] = 0;
        budget.spend();
        assertTrue(!budget.left());
    }
}

package org.strata.api.datacenter;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class UsageCsvTest {

    @Test
    public void aHeaderThenOneLineAStepWithRfc4180Quoting() {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        Instant t1 = Instant.parse("2026-03-02T00:00:00Z");
        UsageStep step = new UsageStep(t0, t1, 24, 4, 1, 0.0001, 2048, 256, 180.5, 24, 72, 0);
        UsageReport report = new UsageReport(
                "pool", "p1", "web, \"front\"", t0, t1, "day", List.of("p1"), List.of(), List.of(step), step);
        String csv = UsageCsv.write(report);
        String[] lines = csv.split("\r\n", -1);
        assertEquals(3, lines.length);
        assertEquals(UsageCsv.HEADER, lines[0]);
        assertEquals(
                "pool,\"web, \"\"front\"\"\",2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,24,4,1,0.0001,2048,256,180.5,24,72,0",
                lines[1]);
        assertEquals("", lines[2]);
    }
}

package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.strata.api.inventory.HostInfo;

/** A host's report is parsed once per stored text, and parsed again when the text changes. */
public class HostInfoCacheTest {
    private final JsonSnapshots json = new JsonSnapshots();

    private String report(int cpus) {
        return json.toJson(new HostInfo(
                "node1",
                "QEMU",
                "8.2.0",
                "Xeon",
                cpus,
                65536,
                List.of(new HostInfo.NumaNode(0, cpus, 65536)),
                Set.of("hvm"),
                Set.of("vmx"),
                Instant.parse("2026-12-05T20:00:00Z")));
    }

    @Test
    public void theSameTextIsParsedOnce() {
        HostInfoCache cache = new HostInfoCache(json, 10);
        String text = report(8);
        HostInfo first = cache.parse("h1", text);
        assertEquals(json.fromJson(text, HostInfo.class), first);
        assertSame(first, cache.parse("h1", new String(text.toCharArray())));
    }

    @Test
    public void aChangedReportIsParsedAgain() {
        HostInfoCache cache = new HostInfoCache(json, 10);
        HostInfo before = cache.parse("h1", report(8));
        HostInfo after = cache.parse("h1", report(16));
        assertEquals(8, before.cpus());
        assertEquals(16, after.cpus());
        assertNotSame(before, cache.parse("h1", report(8)));
    }

    @Test
    public void itKeepsAtMostItsCapacity() {
        HostInfoCache cache = new HostInfoCache(json, 3);
        for (int i = 0; i < 10; i++) {
            assertEquals(8, cache.parse("h" + i, report(8)).cpus());
        }
        assertTrue(cache.size() <= 3);
    }
}

package org.strata.patching.window;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

public class WindowClockTest {

    /** Saturday 22:00 to Sunday 04:00, Paris time. */
    private final WindowClock weekend = WindowClock.of("0 0 22 ? * SAT", "0 0 4 ? * SUN", "Europe/Paris");

    @Test
    public void aWindowIsOpenFromItsStartToTheNextEndInItsZone() {
        // 2026-12-05 is a Saturday; Paris is UTC+1 in December.
        assertTrue(weekend.openingAt(Instant.parse("2026-12-05T20:59:59Z")).isEmpty());
        WindowClock.Opening opening =
                weekend.openingAt(Instant.parse("2026-12-05T21:00:00Z")).orElseThrow();
        assertEquals(Instant.parse("2026-12-05T21:00:00Z"), opening.opened());
        assertEquals(Instant.parse("2026-12-06T03:00:00Z"), opening.closes());
        assertEquals(
                opening,
                weekend.openingAt(Instant.parse("2026-12-06T02:59:59Z")).orElseThrow());
        assertTrue(weekend.openingAt(Instant.parse("2026-12-06T03:00:00Z")).isEmpty());
        assertEquals(
                Instant.parse("2026-12-12T21:00:00Z"),
                weekend.next(Instant.parse("2026-12-06T03:00:00Z"))
                        .orElseThrow()
                        .opened());
    }

    @Test
    public void summerTimeMovesTheWindowWithItsZone() {
        // 2026-06-06 is a Saturday; Paris is UTC+2 in June.
        assertEquals(
                Instant.parse("2026-06-06T20:00:00Z"),
                weekend.openingAt(Instant.parse("2026-06-06T23:00:00Z"))
                        .orElseThrow()
                        .opened());
    }

    @Test
    public void badExpressionsZonesAndWindowsThatNeverCloseAreRefusedInWords() {
        for (List<String> bad : List.of(
                List.of("not cron", "0 0 4 ? * SUN", "UTC"),
                List.of("0 0 22 ? * SAT", "", "UTC"),
                List.of("0 0 22 ? * SAT", "0 0 4 ? * SUN", "Mars/Olympus"),
                List.of("0 0 22 1 1 ? 2027", "0 0 4 1 1 ? 2026", "UTC"))) {
            StrataException e = assertThrows(
                    bad.toString(), StrataException.class, () -> WindowClock.of(bad.get(0), bad.get(1), bad.get(2)));
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
        }
    }

    @Test
    public void batchesTakeOneHostAtATimeAndHostsInMaintenanceWait() {
        List<Item> items = List.of(
                new Item("a1", "A"),
                new Item("b1", "B"),
                new Item("a2", "A"),
                new Item("a3", "A"),
                new Item("m1", "M"),
                new Item("i1", null));
        Batches.Plan<Item> plan = Batches.plan(items, Item::hostId, 2, Set.of("M")::contains);
        assertEquals(
                List.of(
                        List.of(items.get(0), items.get(2)),
                        List.of(items.get(3)),
                        List.of(items.get(1)),
                        List.of(items.get(5))),
                plan.batches());
        assertEquals(List.of(items.get(4)), plan.waiting());
    }

    /** A VM to patch and its host (null: none). */
    private record Item(String id, String hostId) {}
}

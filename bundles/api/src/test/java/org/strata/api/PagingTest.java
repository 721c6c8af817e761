package org.strata.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.strata.api.inventory.HostSpec;

public class PagingTest {

    @Test
    public void absentValuesTakeTheDefaults() {
        PageRequest request = PageRequest.of(null, null);
        assertEquals(0, request.offset());
        assertEquals(PageRequest.DEFAULT_LIMIT, request.limit());
    }

    @Test
    public void outOfRangeValuesAreInvalidInput() {
        for (int[] bad : new int[][] {{-1, 10}, {0, 0}, {0, PageRequest.MAX_LIMIT + 1}}) {
            StrataException e = assertThrows(StrataException.class, () -> new PageRequest(bad[0], bad[1]));
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
            assertEquals(400, e.code().httpStatus());
        }
    }

    @Test
    public void aPageIsImmutableAndMapsItsItems() {
        List<Integer> source = new ArrayList<>(List.of(1, 2, 3));
        Page<Integer> page = new Page<>(source, 10, 3, 42);
        source.clear();
        assertEquals(3, page.items().size());
        Page<String> mapped = page.map(i -> "#" + i);
        assertEquals(List.of("#1", "#2", "#3"), mapped.items());
        assertEquals(42, mapped.total());
        assertThrows(UnsupportedOperationException.class, () -> page.items().add(4));
    }

    @Test
    public void everyErrorCodeHasAnHttpStatusAndOnlyInputStateAndCallerErrorsAre4xx() {
        for (ErrorCode code : ErrorCode.values()) {
            boolean clientError = code.httpStatus() >= 400 && code.httpStatus() < 500;
            boolean expected = code == ErrorCode.INVALID_INPUT
                    || code == ErrorCode.UNAUTHENTICATED
                    || code == ErrorCode.FORBIDDEN
                    || code == ErrorCode.NOT_FOUND
                    || code == ErrorCode.CONFLICT
                    || code == ErrorCode.THROTTLED;
            assertEquals(code.name(), expected, clientError);
            assertTrue(code.httpStatus() >= 400);
        }
    }

    @Test
    public void hostSpecNeverPrintsItsPassword() {
        HostSpec spec = new HostSpec("h", "dc", null, "demo", "test:///default", "root", "s3cret");
        assertTrue(spec.toString().contains("******"));
        assertTrue(!spec.toString().contains("s3cret"));
    }
}

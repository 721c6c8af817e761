package org.strata.datacenter.balance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

public class PairSetTest {

    @Test
    public void holdsWhatAHashSetHolds() {
        PairSet pairs = new PairSet();
        Set<Long> reference = new HashSet<>();
        assertTrue(pairs.isEmpty());
        Random random = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            long pair = ((long) random.nextInt(5000) << 32) | random.nextInt(300);
            pairs.add(pair);
            reference.add(pair);
        }
        assertFalse(pairs.isEmpty());
        int found = 0;
        for (int v = 0; v < 5000; v++) {
            for (int t = 0; t < 300; t += 7) {
                long pair = ((long) v << 32) | t;
                assertEquals(reference.contains(pair), pairs.contains(pair));
                found += pairs.contains(pair) ? 1 : 0;
            }
        }
        assertTrue(found > 0);
    }
}

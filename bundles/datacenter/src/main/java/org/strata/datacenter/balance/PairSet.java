package org.strata.datacenter.balance;

/**
 * A set of (VM, host) index pairs packed in longs, by open addressing: the refusals of a round, asked about for every
 * candidate move, without boxing a {@code Long} per question.
 */
final class PairSet {

    private long[] slots = new long[64];
    private boolean[] used = new boolean[64];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(long pair) {
        int mask = slots.length - 1;
        for (int i = spread(pair) & mask; used[i]; i = (i + 1) & mask) {
            if (slots[i] == pair) {
                return true;
            }
        }
        return false;
    }

    void add(long pair) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = spread(pair) & mask;
        while (used[i]) {
            if (slots[i] == pair) {
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        slots[i] = pair;
        size++;
    }

    private void grow() {
        long[] oldSlots = slots;
        boolean[] oldUsed = used;
        slots = new long[oldSlots.length * 2];
        used = new boolean[oldSlots.length * 2];
        size = 0;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldUsed[i]) {
                add(oldSlots[i]);
            }
        }
    }

    private static int spread(long pair) {
        long h = pair * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}

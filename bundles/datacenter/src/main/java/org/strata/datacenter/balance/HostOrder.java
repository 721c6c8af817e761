package org.strata.datacenter.balance;

import java.util.function.IntToDoubleFunction;

/**
 * A set of host indexes kept in ascending order of a key (ties: the smaller index, which is the smaller id), in a
 * plain int array. A planner changes few hosts per round (two per move), so re-placing a changed host by binary search
 * and one array shift is cheaper and allocates less than a tree of boxed indexes.
 */
final class HostOrder {

    private final IntToDoubleFunction key;
    private final int[] order;
    private int size;

    /**
     * Orders the given hosts (each at most once) by {@code key}, read now and at each {@link #remove} and {@link
     * #add}; room for {@code capacity} hosts in all.
     */
    HostOrder(int[] members, int count, int capacity, IntToDoubleFunction key) {
        this.key = key;
        this.order = new int[Math.max(count, capacity)];
        this.size = count;
        double[] keys = new double[count];
        int[] tmp = new int[count];
        double[] tmpKeys = new double[count];
        for (int i = 0; i < count; i++) {
            order[i] = members[i];
            keys[i] = key.applyAsDouble(members[i]);
        }
        mergeSort(order, keys, tmp, tmpKeys, 0, count);
    }

    int size() {
        return size;
    }

    /** The i-th host in ascending order. */
    int get(int i) {
        return order[i];
    }

    /** The i-th host in descending order. */
    int getDescending(int i) {
        return order[size - 1 - i];
    }

    /**
     * Removes host {@code h}. Call it before the host's key changes (and before any other member's does), then
     * {@link #add} it back once the key has changed: the search reads the members' keys as they are now.
     */
    void remove(int h) {
        int at = find(h, key.applyAsDouble(h));
        System.arraycopy(order, at + 1, order, at, size - at - 1);
        size--;
    }

    /** Adds host {@code h} at the place of its current key. */
    void add(int h) {
        int at = insertionPoint(key.applyAsDouble(h), h);
        System.arraycopy(order, at, order, at + 1, size - at);
        order[at] = h;
        size++;
    }

    private int find(int h, double k) {
        int at = insertionPoint(k, h);
        if (at >= size || order[at] != h) {
            throw new IllegalStateException("host index " + h + " is not where its key " + k + " puts it");
        }
        return at;
    }

    /** The first position whose (key, index) is not less than (k, h). */
    private int insertionPoint(double k, int h) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int o = order[mid];
            if (less(key.applyAsDouble(o), o, k, h)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean less(double ka, int a, double kb, int b) {
        int c = Double.compare(ka, kb);
        return c < 0 || (c == 0 && a < b);
    }

    private static void mergeSort(int[] a, double[] k, int[] ta, double[] tk, int from, int to) {
        if (to - from <= 16) {
            // short runs: insertion sort, without the recursion and the copying
            for (int i = from + 1; i < to; i++) {
                int ai = a[i];
                double ki = k[i];
                int j = i - 1;
                while (j >= from && less(ki, ai, k[j], a[j])) {
                    a[j + 1] = a[j];
                    k[j + 1] = k[j];
                    j--;
                }
                a[j + 1] = ai;
                k[j + 1] = ki;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, k, ta, tk, from, mid);
        mergeSort(a, k, ta, tk, mid, to);
        int i = from;
        int j = mid;
        int o = from;
        while (i < mid && j < to) {
            if (less(k[j], a[j], k[i], a[i])) {
                ta[o] = a[j];
                tk[o++] = k[j++];
            } else {
                ta[o] = a[i];
                tk[o++] = k[i++];
            }
        }
        while (i < mid) {
            ta[o] = a[i];
            tk[o++] = k[i++];
        }
        while (j < to) {
            ta[o] = a[j];
            tk[o++] = k[j++];
        }
        System.arraycopy(ta, from, a, from, to - from);
        System.arraycopy(tk, from, k, from, to - from);
    }
}

package org.strata.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.Test;

public class HostRoundTest {

    private static List<Integer> hosts(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    public void everyHostOnceWithAtMostParallelismAtATime() {
        try (HostRound round = new HostRound("test-round", 3)) {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            // The first three hosts meet at a barrier: only three threads working at once get past it.
            CyclicBarrier firstThree = new CyclicBarrier(3);
            Set<Integer> done = ConcurrentHashMap.newKeySet();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            round.forEach(hosts(40), host -> {
                int now = inFlight.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                threads.add(Thread.currentThread().getName());
                try {
                    if (host < 3) {
                        firstThree.await(30, TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                assertTrue("host " + host + " twice", done.add(host));
                inFlight.decrementAndGet();
            });
            assertEquals(40, done.size());
            assertEquals(3, most.get());
            assertEquals(3, threads.size());
            assertTrue(threads.contains(Thread.currentThread().getName()));
        }
    }

    @Test
    public void oneAtATimeRunsOnTheCallersThreadInOrder() {
        try (HostRound round = new HostRound("test-round", 1)) {
            List<Integer> order = new ArrayList<>();
            round.forEach(hosts(5), host -> {
                assertEquals(Thread.currentThread().getName(), callerName);
                order.add(host);
            });
            assertEquals(hosts(5), order);
        }
    }

    private final String callerName = Thread.currentThread().getName();

    @Test
    public void aFailingHostStopsNoOtherAndItsFailureIsThrownAfterAll() {
        try (HostRound round = new HostRound("test-round", 2)) {
            Set<Integer> done = ConcurrentHashMap.newKeySet();
            IllegalStateException boom = new IllegalStateException("host 3 failed");
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> round.forEach(hosts(10), host -> {
                        if (host == 3) {
                            throw boom;
                        }
                        done.add(host);
                    }));
            assertSame(boom, thrown);
            assertEquals(9, done.size());
            // and the round can run again
            round.forEach(hosts(4), done::add);
        }
    }

    @Test
    public void fewerHostsThanParallelismAndNoHosts() {
        try (HostRound round = new HostRound("test-round", 8)) {
            Set<Integer> done = ConcurrentHashMap.newKeySet();
            round.forEach(hosts(2), done::add);
            assertEquals(Set.of(0, 1), done);
            round.forEach(List.<Integer>of(), done::add);
            assertEquals(2, done.size());
        }
    }

    @Test
    public void parallelismBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HostRound("test-round", 0));
    }
}

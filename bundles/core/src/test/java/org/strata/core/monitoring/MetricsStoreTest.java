package org.strata.core.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;

public class MetricsStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static VmSample at(int second) {
        return new VmSample(T0.plusSeconds(second), second, 0, 0, 0, 0, 0);
    }

    private static List<Integer> seconds(List<VmSample> samples) {
        return samples.stream()
                .map(s -> (int) (s.at().getEpochSecond() - T0.getEpochSecond()))
                .toList();
    }

    @Test
    public void eachSeriesKeepsOnlyItsNewestSamples() {
        MetricsStore store = new MetricsStore(5);
        for (int i = 0; i < 12; i++) {
            store.addVm("vm-1", at(i));
        }
        store.addVm("vm-2", at(100));
        assertEquals(List.of(7, 8, 9, 10, 11), seconds(store.vm("vm-1", null, null)));
        assertEquals(List.of(100), seconds(store.vm("vm-2", null, null)));
        assertEquals(List.of(), store.vm("vm-3", null, null));
        assertEquals(2, store.seriesCount());
    }

    @Test
    public void rangesAreInclusiveAndOpenEnded() {
        MetricsStore store = new MetricsStore(360);
        for (int i = 0; i < 10; i++) {
            store.addVm("vm-1", at(i * 20));
        }
        assertEquals(List.of(40, 60, 80), seconds(store.vm("vm-1", T0.plusSeconds(40), T0.plusSeconds(80))));
        assertEquals(List.of(40, 60), seconds(store.vm("vm-1", T0.plusSeconds(39), T0.plusSeconds(79))));
        assertEquals(List.of(160, 180), seconds(store.vm("vm-1", T0.plusSeconds(160), null)));
        assertEquals(List.of(0, 20), seconds(store.vm("vm-1", null, T0.plusSeconds(20))));
        assertEquals(List.of(), store.vm("vm-1", T0.plusSeconds(181), null));
    }

    @Test
    public void seriesOfForgottenVmsAndHostsAreDropped() {
        MetricsStore store = new MetricsStore(3);
        store.addVm("a", at(1));
        store.addVm("b", at(1));
        store.addHost("h1", new HostSample(T0, 50, 1, 2));
        store.addHost("h2", new HostSample(T0, 50, 1, 2));
        store.retainVms(Set.of("a"));
        store.retainHosts(Set.of("h2"));
        store.forgetVm("a");
        assertEquals(1, store.seriesCount());
        assertEquals(1, store.host("h2", T0, T0).size());
        assertEquals(List.of(), store.host("h1", null, null));
        assertThrows(IllegalArgumentException.class, () -> new MetricsStore(0));
    }

    @Test
    public void aSeriesThatGrowsPastItsFirstArraysKeepsItsOrderAndThenWraps() {
        MetricsStore store = new MetricsStore(20);
        for (int i = 0; i < 9; i++) {
            store.addVm("vm-1", at(i));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), seconds(store.vm("vm-1", null, null)));
        for (int i = 9; i < 47; i++) {
            store.addVm("vm-1", at(i));
        }
        List<Integer> newest = seconds(store.vm("vm-1", null, null));
        assertEquals(20, newest.size());
        assertEquals(27, (int) newest.get(0));
        assertEquals(46, (int) newest.get(19));
        for (int i = 1; i < newest.size(); i++) {
            assertEquals(newest.get(i - 1) + 1, (int) newest.get(i));
        }
    }

    @Test
    public void valuesReadBackAsTheirShortDecimalAndTimesExactly() {
        MetricsStore store = new MetricsStore(4);
        Instant when = T0.plusNanos(123_456_789);
        store.addVm("vm-1", new VmSample(when, 0.1, 4096, 12.5, 1e9 / 3, 104857.6, 0));
        VmSample read = store.vm("vm-1", null, null).get(0);
        assertEquals(when, read.at());
        assertEquals(0.1, read.cpuPercent(), 0);
        assertEquals(4096, read.memoryUsedMb());
        assertEquals(12.5, read.diskReadBytesPerSec(), 0);
        assertEquals("float precision: 7 significant digits", 1e9 / 3, read.diskWriteBytesPerSec(), 1e9 / 3 * 1e-7);
        assertEquals(104857.6, read.netRxBytesPerSec(), 0);
        assertEquals(0.0, read.netTxBytesPerSec(), 0);
        assertEquals("reading twice gives equal samples", List.of(read), store.vm("vm-1", when, when));
    }
}

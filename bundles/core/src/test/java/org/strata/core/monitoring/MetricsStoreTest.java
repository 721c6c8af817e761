package org.strata.core.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.strata.api.HostSample;
import org.strata.api.VmSample;

public class MetricsStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static VmSample at(int second) {
        return new VmSample(T0.plusSeconds(second), second, 0, 0, 0, 0, 0);
    }

    private static List<Integer> seconds(List<VmSample> samples) {
        return samples.stream().map(s -> (int) (s.at().getEpochSecond() - T0.getEpochSecond())).toList();
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
}

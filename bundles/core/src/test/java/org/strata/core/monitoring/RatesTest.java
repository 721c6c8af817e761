package org.strata.core.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.VmStats;

public class RatesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @Test
    public void vmCountersBecomeRatesPerVcpuAndPerSecond() {
        VmStats before = new VmStats(T0, 4, 100 * SECOND, 512L << 20, 1000, 2000, 3000, 4000);
        // 20 s later: 40 s of CPU over 4 vCPUs is 50 %; 20 MB read is 1 MB/s.
        VmStats after = new VmStats(
                T0.plusSeconds(20), 4, 140 * SECOND, 768L << 20, 1000 + 20_000_000, 2000 + 2_000, 3000 + 40, 4000);
        VmSample sample = Rates.vm(before, after).orElseThrow();
        assertEquals(T0.plusSeconds(20), sample.at());
        assertEquals(50.0, sample.cpuPercent(), 1e-9);
        assertEquals(768, sample.memoryUsedMb());
        assertEquals(1_000_000.0, sample.diskReadBytesPerSec(), 1e-9);
        assertEquals(100.0, sample.diskWriteBytesPerSec(), 1e-9);
        assertEquals(2.0, sample.netRxBytesPerSec(), 1e-9);
        assertEquals(0.0, sample.netTxBytesPerSec(), 1e-9);
    }

    @Test
    public void restartsAndEmptyIntervalsGiveNoSample() {
        VmStats before = new VmStats(T0, 1, 100 * SECOND, 0, 10, 10, 10, 10);
        VmStats restarted = new VmStats(T0.plusSeconds(20), 1, SECOND, 0, 0, 0, 0, 0);
        assertTrue(Rates.vm(before, restarted).isEmpty());
        assertTrue(Rates.vm(before, before).isEmpty());
        // A VM cannot use more than all of its vCPUs: clock skew between samples is capped.
        VmStats tooMuch = new VmStats(T0.plusSeconds(1), 1, 102 * SECOND, 0, 10, 10, 10, 10);
        assertEquals(100.0, Rates.vm(before, tooMuch).orElseThrow().cpuPercent(), 1e-9);
    }

    @Test
    public void hostCountersBecomeBusyPercentAndMemoryUse() {
        HostStats before = new HostStats(T0, 8, 10 * SECOND, 100 * SECOND, 16L << 30, 8L << 30);
        HostStats after = new HostStats(T0.plusSeconds(10), 8, 30 * SECOND, 180 * SECOND, 16L << 30, 4L << 30);
        HostSample sample = Rates.host(before, after).orElseThrow();
        assertEquals(25.0, sample.cpuPercent(), 1e-9);
        assertEquals(12 * 1024, sample.memoryUsedMb());
        assertEquals(16 * 1024, sample.memoryTotalMb());
        assertTrue(Rates.host(after, before).isEmpty());
    }
}

package org.strata.core.monitoring;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.StrataException;
import org.strata.api.inventory.Host;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmSpec;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;

public class MonitorTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private Monitor monitor;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        monitor = new Monitor(
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.sessions,
                bed.metrics,
                Executors.newSingleThreadScheduledExecutor(),
                Duration.ZERO);
    }

    @After
    public void close() {
        monitor.close();
        bed.close();
    }

    @Test
    public void runningVmsAndAvailableHostsAreSampledAsRates() throws Exception {
        Host host = bed.addHost("h1", "mem://a");
        Host far = bed.addHost("far", "mem://unreachable");
        String running = bed.await(bed.vms.create(host.id(), VmSpec.of("web", 2, 1024), "alice"))
                .result();
        String stopped = bed.await(bed.vms.create(host.id(), VmSpec.of("db", 1, 512), "alice"))
                .result();
        assertEquals(
                TaskState.SUCCEEDED,
                bed.await(bed.vms.act(running, "start", null, "alice")).state());

        monitor.sample();
        assertEquals("one sample is not a rate yet", List.of(), bed.vms.stats(running, null, null));
        monitor.sample();
        monitor.sample();
        List<VmSample> samples = bed.vms.stats(running, null, null);
        assertEquals(2, samples.size());
        VmSample last = samples.get(1);
        assertEquals(25.0, last.cpuPercent(), 1e-9);
        assertEquals(256, last.memoryUsedMb());
        double step = InMemoryHypervisorForTests.SAMPLE_STEP.toSeconds();
        assertEquals((1 << 20) / step, last.diskReadBytesPerSec(), 1e-6);
        assertTrue(samples.get(0).at().isBefore(last.at()));
        assertEquals(List.of(last), bed.vms.stats(running, last.at(), null));
        assertEquals(List.of(), bed.vms.stats(stopped, null, null));

        List<HostSample> hostSamples = bed.vms.hostStats(host.id(), null, null);
        assertEquals(2, hostSamples.size());
        assertEquals(50.0, hostSamples.get(0).cpuPercent(), 1e-9);
        assertEquals(2048, hostSamples.get(0).memoryUsedMb());
        assertEquals(List.of(), bed.vms.hostStats(far.id(), null, null));
        assertEquals(
                org.strata.api.ErrorCode.NOT_FOUND,
                org.junit.Assert.assertThrows(StrataException.class, () -> bed.vms.stats("nope", null, null))
                        .code());

        // A deleted VM's series goes at the next round.
        assertEquals(
                TaskState.SUCCEEDED,
                bed.await(bed.vms.act(running, "poweroff", null, "alice")).state());
        assertEquals(
                TaskState.SUCCEEDED, bed.await(bed.vms.delete(running, "alice")).state());
        monitor.sample();
        assertEquals(List.of(), bed.metrics.vm(running, null, null));
        assertEquals(1, bed.metrics.seriesCount());
    }

    @Test
    public void hostsSampledSeveralAtATimeGiveEachVmAndHostItsOwnSeries() throws Exception {
        monitor.close();
        monitor = new Monitor(
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.sessions,
                bed.metrics,
                Executors.newSingleThreadScheduledExecutor(),
                Duration.ZERO,
                3);
        List<Host> hosts = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (int h = 0; h < 7; h++) {
            Host host = bed.addHost("h" + h, "mem://p" + h);
            hosts.add(host);
            for (int v = 0; v < 2; v++) {
                String vm = bed.await(bed.vms.create(host.id(), VmSpec.of("vm" + h + "-" + v, 2, 1024), "alice"))
                        .result();
                assertEquals(
                        TaskState.SUCCEEDED,
                        bed.await(bed.vms.act(vm, "start", null, "alice")).state());
                running.add(vm);
            }
        }
        monitor.sample();
        monitor.sample();
        monitor.sample();
        for (String vm : running) {
            List<VmSample> samples = bed.vms.stats(vm, null, null);
            assertEquals(vm, 2, samples.size());
            assertEquals(25.0, samples.get(1).cpuPercent(), 1e-9);
            assertEquals(256, samples.get(1).memoryUsedMb());
        }
        for (Host host : hosts) {
            assertEquals(
                    host.name(), 2, bed.vms.hostStats(host.id(), null, null).size());
        }
        assertEquals(running.size() + hosts.size(), bed.metrics.seriesCount());
    }
}

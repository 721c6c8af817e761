package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmStats;

/**
 * The statistics of every running VM on libvirt's test driver, whose bulk call has no CPU counters: read domain by
 * domain, they must be what {@code vmStats} reads for each running VM (the SPI's default). The test driver's counters
 * grow with the clock, so a later {@code vmStats} reads at least as much; the fixed figures are equal.
 */
public class KvmStatisticsTest {

    private static final String RUNNING_WITH_DEVICES = "00000000-0000-4000-8000-000000000001";
    private static final String RUNNING_BARE = "00000000-0000-4000-8000-000000000002";
    private static final String PAUSED = "00000000-0000-4000-8000-000000000003";
    private static final String STOPPED = "00000000-0000-4000-8000-000000000004";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final EventLoop eventLoop = new EventLoop();
    private final KvmDriver driver = new KvmDriver(eventLoop);

    @After
    public void stopEventLoop() {
        eventLoop.close();
    }

    private static String domain(String name, String uuid, String devices, int runstate) {
        return """
                <domain type='kvm' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                  <name>%s</name><uuid>%s</uuid><memory unit='MiB'>512</memory><currentMemory unit='MiB'>384</currentMemory>
                  <vcpu>3</vcpu><os><type arch='x86_64'>hvm</type></os>
                  <devices>%s</devices>
                  <test:runstate>%d</test:runstate>
                </domain>
                """.formatted(name, uuid, devices, runstate);
    }

    private HypervisorSession host() throws Exception {
        Path file = folder.newFolder().toPath().resolve("host.xml");
        String devices =
                "<disk type='file' device='disk'><source file='/var/lib/a.img'/><target dev='vda' bus='virtio'/>"
                        + "</disk><disk type='file' device='disk'><source file='/var/lib/b.img'/><target dev='vdb' bus='virtio'/>"
                        + "</disk><interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>"
                        + "</interface><interface type='network'><mac address='52:54:00:00:00:02'/><source network='default'/>"
                        + "</interface>";
        // runstate: 1 running, 3 paused, 5 shut off
        Files.writeString(
                file,
                "<node><cpu><mhz>2000</mhz><model>t</model><nodes>1</nodes><sockets>1</sockets><cores>4</cores>"
                        + "<threads>1</threads></cpu><memory>8388608</memory>"
                        + domain("with-devices", RUNNING_WITH_DEVICES, devices, 1)
                        + domain("bare", RUNNING_BARE, "", 1)
                        + domain("paused", PAUSED, devices, 3)
                        + domain("stopped", STOPPED, devices, 5)
                        + "</node>");
        return driver.open(Endpoint.of("test://" + file.toAbsolutePath()));
    }

    @Test
    public void everyRunningVmIsReadAsVmStatsReadsIt() throws Exception {
        try (HypervisorSession session = host()) {
            Set<String> runningByList = session.listVms().stream()
                    .filter(vm -> vm.state() == VmInfo.PowerState.RUNNING)
                    .map(VmInfo::id)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(RUNNING_WITH_DEVICES, RUNNING_BARE), runningByList);

            Map<String, VmStats> all = session.runningVmStats();
            assertEquals("running VMs only, not the paused one", runningByList, all.keySet());
            for (String id : runningByList) {
                VmStats bulk = all.get(id);
                VmStats alone = session.vmStats(id);
                assertEquals(3, bulk.cpus());
                assertEquals(alone.cpus(), bulk.cpus());
                assertEquals(384L << 20, bulk.memoryUsedBytes());
                assertEquals(alone.memoryUsedBytes(), bulk.memoryUsedBytes());
                assertTrue(bulk.cpuTimeNanos() > 0);
                assertTrue(bulk.cpuTimeNanos() <= alone.cpuTimeNanos());
                assertTrue(!bulk.at().isAfter(alone.at()));
                assertTrue(bulk.diskReadBytes() <= alone.diskReadBytes());
                assertTrue(bulk.diskWriteBytes() <= alone.diskWriteBytes());
                assertTrue(bulk.netRxBytes() <= alone.netRxBytes());
                assertTrue(bulk.netTxBytes() <= alone.netTxBytes());
            }
            VmStats withDevices = all.get(RUNNING_WITH_DEVICES);
            assertTrue("two disks counted", withDevices.diskReadBytes() > 0 && withDevices.diskWriteBytes() > 0);
            assertTrue("two interfaces counted", withDevices.netRxBytes() > 0 && withDevices.netTxBytes() > 0);
            VmStats bare = all.get(RUNNING_BARE);
            assertEquals(0, bare.diskReadBytes() + bare.diskWriteBytes() + bare.netRxBytes() + bare.netTxBytes());

            VmStats stopped = session.vmStats(STOPPED);
            assertEquals(3, stopped.cpus());
            assertEquals(0, stopped.cpuTimeNanos() + stopped.memoryUsedBytes() + stopped.netRxBytes());
        }
    }

    @Test
    public void aVmStoppedSinceTheLastRoundLeavesTheNextOne() throws Exception {
        try (HypervisorSession session = host()) {
            assertEquals(2, session.runningVmStats().size());
            session.powerOff(RUNNING_BARE);
            assertEquals(Set.of(RUNNING_WITH_DEVICES), session.runningVmStats().keySet());
            // The test driver has no free memory figure: the estimate is the host's memory less what its active VMs
            // (the running one and the paused one) hold.
            var host = session.hostStats();
            assertEquals(8388608L << 10, host.memoryTotalBytes());
            assertEquals(host.memoryTotalBytes() - 2 * (384L << 20), host.memoryFreeBytes());
        }
    }
}

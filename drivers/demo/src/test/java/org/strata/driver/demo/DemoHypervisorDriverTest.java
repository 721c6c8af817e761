package org.strata.driver.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * What is particular to the demo driver: hosts by address, VMs kept between sessions, and migration between two demo
 * hosts of one driver instance. What every hypervisor driver must do is checked by the kit in
 * {@link DemoDriverContractTest}.
 */
public class DemoHypervisorDriverTest {

    private static final MigrationMonitor QUIET = new MigrationMonitor() {
        @Override
        public void progress(int percent, String message) {}

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    private final DemoHypervisorDriver driver = new DemoHypervisorDriver();

    @After
    public void stop() {
        driver.stop();
    }

    @Test
    public void describesItselfAsAHypervisorThatDefinesAndMigrates() {
        assertEquals("demo", driver.descriptor().id());
        assertEquals(DriverKind.HYPERVISOR, driver.descriptor().kind());
        for (Capability c : List.of(
                Capability.VM_POWER,
                Capability.VM_DEFINE,
                Capability.LIVE_MIGRATION,
                Capability.VM_SUSPEND,
                Capability.VM_EVENTS,
                Capability.DEVICE_HOTPLUG,
                Capability.VM_STATISTICS,
                Capability.HOST_STATISTICS)) {
            assertTrue(c.name(), driver.descriptor().can(c));
        }
    }

    @Test
    public void aDefinedVmStartsStopsAndOutlivesItsSession() {
        String id;
        try (HypervisorSession s = driver.open(Endpoint.of("demo://host1"))) {
            assertTrue(
                    "a demo host starts empty unless its address names VMs",
                    s.listVms().isEmpty());
            assertEquals(8, s.facts().cpus());
            VmInfo vm = s.define(VmSpec.of("web1", 2, 1024)
                    .withDisks(List.of(
                            DiskSpec.disk("/var/lib/strata-demo/demo-storage/default-pool/web1.qcow2", "qcow2"))));
            id = vm.id();
            assertEquals(VmInfo.PowerState.STOPPED, vm.state());
            assertEquals("vda", s.describe(id).disks().get(0).target());
            s.start(id);
            assertEquals(VmInfo.PowerState.RUNNING, s.vm(id).state());
        }
        try (HypervisorSession again = driver.open(Endpoint.of("demo://HOST1"))) {
            VmInfo vm = again.vm(id);
            assertEquals("web1", vm.name());
            assertEquals(2, vm.cpus());
            assertEquals(1024L << 20, vm.memoryBytes());
            assertEquals(VmInfo.PowerState.RUNNING, vm.state());
            again.shutdown(id);
            assertEquals(VmInfo.PowerState.STOPPED, again.vm(id).state());
            again.undefine(id);
            assertTrue(again.listVms().isEmpty());
        }
    }

    /** The made-up guest agent: a running VM's answers, "no agent" otherwise, an unknown VM NOT_FOUND. */
    @Test
    public void aRunningVmsMadeUpAgentReportsItsOsHostNameAndAddresses() {
        try (HypervisorSession s = driver.open(Endpoint.of("demo://guests"))) {
            String id = s.define(VmSpec.of("web1", 1, 512)
                            .withNics(List.of(org.strata.spi.hypervisor.NicSpec.network("default"))))
                    .id();
            GuestInfo stopped = s.guestInfo(id);
            assertFalse(stopped.agentAnswered());
            assertEquals("the VM is not running", stopped.reason());
            s.start(id);
            GuestInfo guest = s.guestInfo(id);
            assertTrue(guest.agentAnswered());
            assertEquals("debian", guest.os().get("id"));
            assertEquals("Debian GNU/Linux 12 (bookworm)", guest.os().get("pretty-name"));
            assertEquals("web1", guest.hostname());
            assertEquals(
                    List.of("lo", "ens3"),
                    guest.interfaces().stream().map(GuestInfo.Interface::name).toList());
            GuestInfo.Interface ens3 = guest.interfaces().get(1);
            assertEquals(s.describe(id).nics().get(0).mac(), ens3.mac());
            assertTrue(ens3.toString(), ens3.addresses().get(0).address().startsWith("192.0.2."));
            GuestInfo again = s.guestInfo(id);
            assertEquals("steady per VM", guest.interfaces(), again.interfaces());
            assertEquals(guest.users(), again.users());
            assertEquals(new GuestInfo.Timezone("UTC", 0), guest.timezone());
            assertEquals(
                    List.of("root"),
                    guest.users().stream().map(GuestInfo.User::name).toList());
            assertEquals(
                    List.of("/", "/boot"),
                    guest.fileSystems().stream()
                            .map(GuestInfo.FileSystem::mountpoint)
                            .toList());
            GuestInfo.FileSystem root = guest.fileSystems().get(0);
            assertTrue(root.toString(), root.usedPercent() > 10 && root.usedPercent() < 20);
            s.suspend(id);
            assertFalse(s.guestInfo(id).agentAnswered());
            DriverException e = assertThrows(DriverException.class, () -> s.guestInfo("no-such-vm"));
            assertEquals(Fault.NOT_FOUND, e.fault());
        }
    }

    /** A stopped VM moves to another host by a definition there before its old one goes; a running one never. */
    @Test
    public void aStoppedVmsUuidMayBeDefinedOnAnotherHostARunningOnesMayNot() {
        try (HypervisorSession a = driver.open(Endpoint.of("demo://uuid-a"));
                HypervisorSession b = driver.open(Endpoint.of("demo://uuid-b"))) {
            VmInfo vm = a.define(VmSpec.of("mover", 1, 256));
            VmSpec same = a.describe(vm.id());
            assertEquals(
                    Fault.CONFLICT,
                    assertThrows(
                                    DriverException.class,
                                    () -> a.define(VmSpec.of("other", 1, 256).withUuid(vm.id())))
                            .fault());
            a.start(vm.id());
            assertEquals(
                    Fault.CONFLICT,
                    assertThrows(DriverException.class, () -> b.define(same)).fault());
            a.powerOff(vm.id());
            assertEquals(vm.id(), b.define(same).id());
            a.undefine(vm.id());
            assertEquals(VmInfo.PowerState.STOPPED, b.vm(vm.id()).state());
            b.undefine(vm.id());
        }
    }

    @Test
    public void aRunningVmMigratesToTheOtherDemoHostKeepingItsId() throws Exception {
        try (HypervisorSession one = driver.open(Endpoint.of("demo://host1"));
                HypervisorSession two = driver.open(Endpoint.of("demo://host2"))) {
            VmInfo vm = one.define(VmSpec.of("db1", 1, 512));
            expectFault(Fault.CONFLICT, () -> one.migrate(vm.id(), Endpoint.of("demo://host2"), QUIET));
            one.start(vm.id());
            BlockingQueue<VmEvent> arrivals = new LinkedBlockingQueue<>();
            try (AutoCloseable watching = two.watch(arrivals::add)) {
                List<Integer> progress = new java.util.ArrayList<>();
                VmInfo moved = one.migrate(vm.id(), Endpoint.of("demo://host2"), new MigrationMonitor() {
                    @Override
                    public void progress(int percent, String message) {
                        progress.add(percent);
                    }

                    @Override
                    public boolean cancelled() {
                        return false;
                    }
                });
                assertEquals(vm.id(), moved.id());
                assertEquals(VmInfo.PowerState.RUNNING, moved.state());
                assertEquals(100, (int) progress.get(progress.size() - 1));
                VmEvent defined = arrivals.poll(10, TimeUnit.SECONDS);
                assertEquals(VmEvent.Type.DEFINED, defined.type());
                assertEquals(vm.id(), defined.vmId());
            }
            expectFault(Fault.NOT_FOUND, () -> one.vm(vm.id()));
            assertEquals(VmInfo.PowerState.RUNNING, two.vm(vm.id()).state());
            expectFault(Fault.CONFLICT, () -> two.migrate(vm.id(), Endpoint.of("demo://host2"), QUIET));

            // Back again, and a name taken at the destination is a conflict.
            two.migrate(vm.id(), Endpoint.of("demo://host1"), QUIET);
            assertEquals(VmInfo.PowerState.RUNNING, one.vm(vm.id()).state());
            VmInfo twin = two.define(VmSpec.of("db1", 1, 512));
            two.start(twin.id());
            expectFault(Fault.CONFLICT, () -> two.migrate(twin.id(), Endpoint.of("demo://host1"), QUIET));
        }
    }

    @Test
    public void aCancelledMigrationLeavesTheVmWhereItWas() {
        try (HypervisorSession one = driver.open(Endpoint.of("demo://host1"))) {
            VmInfo vm = one.define(VmSpec.of("app1", 1, 256));
            one.start(vm.id());
            expectFault(
                    Fault.CONFLICT,
                    () -> one.migrate(vm.id(), Endpoint.of("demo://host2"), new MigrationMonitor() {
                        @Override
                        public void progress(int percent, String message) {}

                        @Override
                        public boolean cancelled() {
                            return true;
                        }
                    }));
            assertEquals(VmInfo.PowerState.RUNNING, one.vm(vm.id()).state());
        }
    }

    @Test
    public void countersGrowWhileAVmRunsFreezeWhilePausedAndResetWhenStopped() {
        try (HypervisorSession s = driver.open(Endpoint.of("demo://stats"))) {
            VmInfo vm = s.define(VmSpec.of("busy", 2, 1024));
            assertEquals(0, s.vmStats(vm.id()).cpuTimeNanos());
            s.start(vm.id());
            VmStats first = s.vmStats(vm.id());
            VmStats second = s.vmStats(vm.id());
            assertTrue(
                    first + " then " + second,
                    second.cpuTimeNanos() >= first.cpuTimeNanos()
                            && second.diskReadBytes() >= first.diskReadBytes()
                            && second.netTxBytes() >= first.netTxBytes());
            assertEquals((1024L << 20) * 3 / 5, second.memoryUsedBytes());
            s.suspend(vm.id());
            long frozen = s.vmStats(vm.id()).cpuTimeNanos();
            assertEquals(
                    "a paused VM's counters stand still",
                    frozen,
                    s.vmStats(vm.id()).cpuTimeNanos());
            s.powerOff(vm.id());
            assertEquals(0, s.vmStats(vm.id()).cpuTimeNanos());
            assertEquals(0, s.vmStats(vm.id()).memoryUsedBytes());

            HostStats h1 = s.hostStats();
            HostStats h2 = s.hostStats();
            assertTrue(
                    h1 + " then " + h2,
                    h2.cpuBusyNanos() >= h1.cpuBusyNanos()
                            && h2.cpuTotalNanos() >= h1.cpuTotalNanos()
                            && h2.cpuBusyNanos() <= h2.cpuTotalNanos());
            assertEquals(DemoSession.MEMORY_BYTES, h2.memoryTotalBytes());
        }
    }

    @Test
    public void theLegacyDefaultHostShowsTheTestVmLibvirtShowedThere() {
        try (HypervisorSession s = driver.open(Endpoint.of("test:///default"))) {
            VmInfo test = s.vm(DemoAddress.LEGACY_VM_UUID);
            assertEquals("test", test.name());
            assertEquals(VmInfo.PowerState.RUNNING, test.state());
        }
        try (HypervisorSession s = driver.open(Endpoint.of("demo://seeded?vms=a,b"))) {
            assertEquals(
                    List.of("a", "b"), s.listVms().stream().map(VmInfo::name).toList());
        }
    }

    @Test
    public void refusesAddressesThatAreNotDemoHosts() {
        for (String address : new String[] {
            "qemu:///system",
            "demo://",
            "demo://a b",
            "demo://h:22",
            "demo://h/x",
            "demo://h?colour=blue",
            "esx://10.0.0.1"
        }) {
            DriverException e = assertThrows(address, DriverException.class, () -> driver.open(Endpoint.of(address)));
            assertEquals(address, Fault.UNSUPPORTED, e.fault());
            assertFalse(e.getMessage().isEmpty());
        }
    }

    private static void expectFault(Fault fault, Runnable call) {
        DriverException e = assertThrows(DriverException.class, call::run);
        assertEquals(e.getMessage(), fault, e.fault());
    }

    /** The root file system of a VM named "-full" is over 90 % at once; "-filling" crosses 90 % after 15 s of uptime. */
    @Test
    public void aVmsNameChoosesHowFastItsRootFileSystemFills() {
        assertEquals(95.0, DemoGuest.fileSystems("db-full", 0).get(0).usedPercent(), 0.01);
        assertEquals(15.0, DemoGuest.fileSystems("db-filling", 0).get(0).usedPercent(), 0.01);
        assertTrue(DemoGuest.fileSystems("db-filling", 14_000_000_000L).get(0).usedPercent() < 90);
        assertTrue(DemoGuest.fileSystems("db-filling", 16_000_000_000L).get(0).usedPercent() > 90);
        assertEquals(
                100.0,
                DemoGuest.fileSystems("db-filling", 3_600_000_000_000L).get(0).usedPercent(),
                0.01);
        assertEquals(
                "1 MiB a second otherwise",
                15.0,
                DemoGuest.fileSystems("db", 60_000_000_000L).get(0).usedPercent(),
                0.5);
        assertTrue(
                DemoGuest.fileSystems("db", 4L * 3600 * 1_000_000_000L).get(0).usedPercent() > 85);
    }

    /** The demo guest runs dpkg-query in the format it is given, and refuses every other program. */
    @Test
    public void aRunningDemoGuestListsItsPackagesWithDpkgQuery() {
        try (HypervisorSession s = driver.open(Endpoint.of("demo://programs"))) {
            String id = s.define(VmSpec.of("pkg1", 1, 512)).id();
            GuestCommand query = new GuestCommand(
                    "/usr/bin/dpkg-query",
                    List.of("-W", "-f=${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n"),
                    null,
                    Duration.ofSeconds(5));
            assertEquals(
                    Fault.CONFLICT,
                    assertThrows(DriverException.class, () -> s.guestExec(id, query))
                            .fault());
            s.start(id);
            GuestCommandResult result = s.guestExec(id, query);
            assertEquals(0, result.exitCode());
            List<String> lines = result.output().lines().toList();
            assertEquals(DemoGuest.PACKAGES.size(), lines.size());
            assertTrue(lines.toString(), lines.contains("bash\t5.2.15-2+b7\tamd64\tii "));
            assertEquals(
                    "dpkg's default format",
                    "bash\t5.2.15-2+b7",
                    s.guestExec(id, new GuestCommand("/usr/bin/dpkg-query", List.of("-W"), null, Duration.ofSeconds(5)))
                            .output()
                            .lines()
                            .filter(l -> l.startsWith("bash"))
                            .findFirst()
                            .orElseThrow());
            DriverException refused = assertThrows(
                    DriverException.class,
                    () -> s.guestExec(id, new GuestCommand("/bin/echo", List.of("hi"), null, Duration.ofSeconds(5))));
            assertEquals(Fault.DRIVER_FAILURE, refused.fault());
            assertTrue(refused.getMessage(), refused.getMessage().contains("/bin/echo"));
        }
    }
}

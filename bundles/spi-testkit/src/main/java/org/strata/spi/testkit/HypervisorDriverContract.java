package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * What the platform relies on from every hypervisor driver. Extend it in your driver's tests, give it your
 * driver and a way to reach a test host, and run it with JUnit 4:
 *
 * <pre>
 * public class AcmeDriverContractTest extends HypervisorDriverContract {
 *     protected HypervisorDriver driver() { return new AcmeDriver(); }
 *     protected Endpoint freshHost() { return new Endpoint("acme://127.0.0.1:9999", "root", Secret.of(PASSWORD), null); }
 * }
 * </pre>
 *
 * Run it against the real system your driver manages (a simulator, a test instance) wherever one can run:
 * a fake would only test your fake.
 *
 * <p>Every optional operation of SPI 1.1 has one test that checks both cases: a driver that lists the capability
 * must do it (or answer {@code UNSUPPORTED} where its host lists the capability in
 * {@link HostFacts#unavailable()}), one that does not must answer {@code UNSUPPORTED}. Override
 * {@link #sampleSpec}, {@link #sampleDisk} and {@link #sampleNic} where your hypervisor needs other devices, and
 * {@link #migrationDestination} to have migration tested for real.
 */
public abstract class HypervisorDriverContract {

    private HypervisorDriver driver;
    private Endpoint host;
    private HypervisorSession session;

    /** A new instance of the driver under test. */
    protected abstract HypervisorDriver driver() throws Exception;

    /**
     * A host for one test, with at least one virtual machine, whose state no other test sees: tests start,
     * stop and look for VMs. Its password, if it has one, must be {@link #secret()}.
     */
    protected abstract Endpoint freshHost() throws Exception;

    /** The password the kit checks never to see in an error message. */
    protected String secret() {
        return KitChecks.secretFor(getClass());
    }

    /**
     * A VM the kit defines and undefines: one vCPU, 128 MiB, a qcow2 disk, a NIC on network "default", a serial
     * console and VNC. The disk need not exist: the kit never starts a VM it defined.
     */
    protected VmSpec sampleSpec(String name) {
        return new VmSpec(
                name,
                null,
                1,
                128,
                VmSpec.GuestMode.HVM,
                List.of(DiskSpec.disk("/var/lib/strata-kit/" + name + ".qcow2", "qcow2")),
                List.of(NicSpec.network("default")),
                List.of(),
                List.of(),
                new GraphicsSpec(GraphicsSpec.Type.VNC, "127.0.0.1", 0),
                true,
                ResourceSettings.NONE);
    }

    /** A disk the kit attaches and detaches again. */
    protected DiskSpec sampleDisk(String name) {
        return DiskSpec.disk("/var/lib/strata-kit/" + name + "-extra.qcow2", "qcow2");
    }

    /** A network interface the kit attaches and detaches again. */
    protected NicSpec sampleNic() {
        return NicSpec.network("default");
    }

    /** A second host of the same driver that the host of {@link #freshHost} can migrate to; null: none. */
    protected Endpoint migrationDestination() throws Exception {
        return null;
    }

    /** How long the kit waits for a lifecycle event. */
    protected Duration eventTimeout() {
        return Duration.ofSeconds(10);
    }

    @Before
    public final void openSession() throws Exception {
        driver = driver();
        host = freshHost();
        session = driver.open(host);
        assertNotNull("open() returns a session", session);
    }

    @After
    public final void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    public void describesItself() {
        DriverDescriptor d = driver.descriptor();
        KitChecks.assertDescribes(DriverKind.HYPERVISOR, d, driver.descriptor());
        Vocabulary words = d.accepts();
        // The platform fills these in where a request names none, so a driver that lists words must take them.
        assertTrue(
                "the disk formats include raw, the platform's default: " + words.diskFormats(),
                Vocabulary.accepts(words.diskFormats(), "raw"));
        assertTrue(
                "the disk buses include virtio, the platform's default: " + words.diskBuses(),
                Vocabulary.accepts(words.diskBuses(), "virtio"));
        assertTrue(
                "the NIC models include virtio, the platform's default: " + words.nicModels(),
                Vocabulary.accepts(words.nicModels(), "virtio"));
        for (String bus : words.diskBuses()) {
            assertTrue(
                    "a disk bus is one the SPI names: " + bus,
                    java.util.Arrays.stream(DiskSpec.Bus.values())
                            .anyMatch(b -> b.name().equalsIgnoreCase(bus)));
        }
        VmSpec sample = sampleSpec("kit-words");
        for (DiskSpec disk : sample.disks()) {
            assertTrue(
                    "the kit's disk format is in the vocabulary: " + disk,
                    Vocabulary.accepts(words.diskFormats(), disk.format() == null ? "raw" : disk.format()));
            assertTrue(
                    "the kit's disk bus is in the vocabulary: " + disk,
                    Vocabulary.accepts(words.diskBuses(), disk.bus().name()));
        }
        for (NicSpec nic : sample.nics()) {
            assertTrue(
                    "the kit's NIC model is in the vocabulary: " + nic,
                    nic.model() == null || Vocabulary.accepts(words.nicModels(), nic.model()));
        }
    }

    @Test
    public void reportsSaneHostFacts() {
        HostFacts facts = session.facts();
        assertTrue("cpus > 0", facts.cpus() > 0);
        assertTrue("memory > 0", facts.memoryBytes() > 0);
        assertNotNull("hypervisor", facts.hypervisor());
    }

    @Test
    public void everyListedVmCanBeReadByItsId() {
        List<VmInfo> vms = session.listVms();
        assertFalse("the test host has at least one virtual machine", vms.isEmpty());
        for (VmInfo vm : vms) {
            VmInfo read = session.vm(vm.id());
            assertEquals(vm.id(), read.id());
            assertEquals(vm.name(), read.name());
            assertNotNull(vm.state());
        }
        assertEquals(
                "ids are unique",
                vms.size(),
                vms.stream().map(VmInfo::id).distinct().count());
    }

    @Test
    public void anUnknownVmIsNotFound() {
        expectFault(Fault.NOT_FOUND, () -> session.vm(UUID.randomUUID().toString()));
    }

    /**
     * One test for both cases, so that no contract test is ever skipped: a driver that declares VM_POWER
     * must make the transitions and refuse impossible ones; one that does not must answer UNSUPPORTED.
     */
    @Test
    public void powerOperationsMatchTheDeclaredCapability() {
        VmInfo vm = session.listVms().get(0);
        if (!driver.descriptor().can(Capability.VM_POWER)) {
            expectFault(Fault.UNSUPPORTED, () -> session.start(vm.id()));
            expectFault(Fault.UNSUPPORTED, () -> session.powerOff(vm.id()));
            expectFault(Fault.UNSUPPORTED, () -> session.reset(vm.id()));
            return;
        }
        if (vm.state() != VmInfo.PowerState.RUNNING) {
            session.start(vm.id());
        }
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
        expectFault(Fault.CONFLICT, () -> session.start(vm.id()));
        session.reset(vm.id());
        assertEquals(
                "a reset VM runs on",
                VmInfo.PowerState.RUNNING,
                session.vm(vm.id()).state());

        session.powerOff(vm.id());
        assertEquals(VmInfo.PowerState.STOPPED, session.vm(vm.id()).state());
        expectFault(Fault.CONFLICT, () -> session.powerOff(vm.id()));
        expectFault(Fault.CONFLICT, () -> session.reset(vm.id()));

        session.start(vm.id());
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
    }

    @Test
    public void closingTwiceIsQuiet() {
        HypervisorSession other = driver.open(host);
        other.close();
        other.close();
    }

    @Test
    public void errorsNeverCarryThePassword() {
        Endpoint withSecret = new Endpoint(host.address(), host.username(), Secret.of(secret()), host.options());
        try (HypervisorSession s = driver.open(withSecret)) {
            s.vm(UUID.randomUUID().toString());
            fail("an unknown VM must fail");
        } catch (DriverException e) {
            KitChecks.assertShowsNoSecret(e, secret());
        }
    }

    // ---- optional operations of SPI 1.1

    @Test
    public void definitionMatchesTheDeclaredCapability() {
        String name = KitChecks.uniqueName("def");
        if (!can(Capability.VM_DEFINE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.define(sampleSpec(name)));
            expectFault(
                    Fault.UNSUPPORTED,
                    () -> session.describe(session.listVms().get(0).id()));
            return;
        }
        VmSpec spec = sampleSpec(name);
        VmInfo vm = session.define(spec);
        assertEquals(name, vm.name());
        assertEquals("a defined VM is stopped", VmInfo.PowerState.STOPPED, vm.state());
        assertTrue("the new VM is listed", session.listVms().stream().anyMatch(v -> v.id().equals(vm.id())));

        VmSpec described = session.describe(vm.id());
        assertEquals(name, described.name());
        assertEquals(vm.id(), described.uuid());
        assertEquals(spec.cpus(), described.cpus());
        assertEquals(spec.memoryMb(), described.memoryMb());
        assertEquals(spec.disks().size(), described.disks().size());
        for (int i = 0; i < spec.disks().size(); i++) {
            assertEquals(spec.disks().get(i).source(), described.disks().get(i).source());
            assertNotNull("every disk has a target", described.disks().get(i).target());
        }
        assertEquals(spec.nics().size(), described.nics().size());
        assertEquals(spec.serialConsole(), described.serialConsole());
        assertEquals(spec.graphics() == null, described.graphics() == null);

        expectFault(Fault.CONFLICT, () -> session.define(sampleSpec(name)));

        VmSpec bigger = new VmSpec(
                name,
                vm.id(),
                spec.cpus(),
                spec.memoryMb() * 2,
                spec.guestMode(),
                spec.disks(),
                spec.nics(),
                spec.pciDevices(),
                spec.bootOrder(),
                spec.graphics(),
                spec.serialConsole(),
                spec.resources());
        session.redefine(vm.id(), bigger);
        assertEquals(spec.memoryMb() * 2, session.describe(vm.id()).memoryMb());

        session.undefine(vm.id());
        expectFault(Fault.NOT_FOUND, () -> session.vm(vm.id()));
        expectFault(Fault.NOT_FOUND, () -> session.undefine(vm.id()));
        expectFault(Fault.NOT_FOUND, () -> session.describe(UUID.randomUUID().toString()));
    }

    @Test
    public void aRunningVmCannotBeRedefinedOrUndefined() {
        VmInfo vm = session.listVms().get(0);
        if (!can(Capability.VM_DEFINE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.undefine(vm.id()));
            return;
        }
        if (!can(Capability.VM_POWER)) {
            expectFault(
                    Fault.NOT_FOUND, () -> session.undefine(UUID.randomUUID().toString()));
            return;
        }
        ensureRunning(vm);
        VmSpec current = session.describe(vm.id());
        expectFault(Fault.CONFLICT, () -> session.redefine(vm.id(), current));
        expectFault(Fault.CONFLICT, () -> session.undefine(vm.id()));
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
    }

    @Test
    public void suspendAndResumeMatchTheDeclaredCapability() {
        VmInfo vm = session.listVms().get(0);
        if (!can(Capability.VM_SUSPEND)) {
            expectFault(Fault.UNSUPPORTED, () -> session.suspend(vm.id()));
            expectFault(Fault.UNSUPPORTED, () -> session.resume(vm.id()));
            return;
        }
        ensureRunning(vm);
        session.suspend(vm.id());
        VmInfo.PowerState suspended = session.vm(vm.id()).state();
        assertTrue(
                "a suspended VM is paused in memory or suspended to disk (ESX), not " + suspended,
                suspended == VmInfo.PowerState.PAUSED || suspended == VmInfo.PowerState.SUSPENDED);
        expectFault(Fault.CONFLICT, () -> session.suspend(vm.id()));
        session.resume(vm.id());
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
        expectFault(Fault.CONFLICT, () -> session.resume(vm.id()));
        if (can(Capability.VM_POWER)) {
            session.powerOff(vm.id());
            expectFault(Fault.CONFLICT, () -> session.suspend(vm.id()));
        }
        expectFault(Fault.NOT_FOUND, () -> session.suspend(UUID.randomUUID().toString()));
    }

    @Test
    public void devicesOfAStoppedVmMatchTheDeclaredCapability() {
        String name = KitChecks.uniqueName("dev");
        if (!can(Capability.VM_DEFINE)) {
            VmInfo vm = session.listVms().get(0);
            expectFault(Fault.UNSUPPORTED, () -> session.attachDisk(vm.id(), sampleDisk(name)));
            expectFault(Fault.UNSUPPORTED, () -> session.attachNic(vm.id(), sampleNic()));
            return;
        }
        VmInfo vm = session.define(sampleSpec(name));
        try {
            VmSpec before = session.describe(vm.id());
            DiskSpec disk = session.attachDisk(vm.id(), sampleDisk(name));
            assertNotNull("the driver chose a target", disk.target());
            VmSpec withDisk = session.describe(vm.id());
            assertEquals(before.disks().size() + 1, withDisk.disks().size());
            assertTrue(
                    "the disk is in the definition",
                    withDisk.disks().stream()
                            .anyMatch(d -> disk.target().equals(d.target())
                                    && disk.source().equals(d.source())));

            DiskSpec clash = sampleDisk(name + "b").withTarget(disk.target());
            expectFault(Fault.CONFLICT, () -> session.attachDisk(vm.id(), clash));
            assertEquals("a refused disk changes nothing", withDisk, session.describe(vm.id()));

            session.detachDisk(vm.id(), disk.target());
            assertEquals(before.disks(), session.describe(vm.id()).disks());
            expectFault(Fault.NOT_FOUND, () -> session.detachDisk(vm.id(), disk.target()));

            NicSpec nic = session.attachNic(vm.id(), sampleNic());
            assertNotNull("the driver chose a MAC", nic.mac());
            assertTrue(
                    "the NIC is in the definition",
                    session.describe(vm.id()).nics().stream()
                            .anyMatch(n -> nic.mac().equalsIgnoreCase(n.mac())));
            session.detachNic(vm.id(), nic.mac());
            assertEquals(before.nics(), session.describe(vm.id()).nics());
            expectFault(Fault.NOT_FOUND, () -> session.detachNic(vm.id(), nic.mac()));
        } finally {
            session.undefine(vm.id());
        }
    }

    @Test
    public void hotplugMatchesTheDeclaredCapability() {
        VmInfo vm = session.listVms().get(0);
        if (!can(Capability.VM_DEFINE) && !can(Capability.DEVICE_HOTPLUG)) {
            expectFault(Fault.UNSUPPORTED, () -> session.attachDisk(vm.id(), sampleDisk("hot")));
            return;
        }
        if (!can(Capability.VM_POWER) || !can(Capability.VM_DEFINE)) {
            assertFalse("hot-plugging needs VMs that run and have definitions", can(Capability.DEVICE_HOTPLUG));
            return;
        }
        ensureRunning(vm);
        String name = KitChecks.uniqueName("hot");
        if (!can(Capability.DEVICE_HOTPLUG) || session.facts().unavailable().contains(Capability.DEVICE_HOTPLUG)) {
            VmSpec before = session.describe(vm.id());
            expectFault(Fault.UNSUPPORTED, () -> session.attachDisk(vm.id(), sampleDisk(name)));
            expectFault(Fault.UNSUPPORTED, () -> session.attachNic(vm.id(), sampleNic()));
            assertEquals("a refused hot-plug changes nothing", before, session.describe(vm.id()));
            return;
        }
        DiskSpec disk = session.attachDisk(vm.id(), sampleDisk(name));
        assertTrue(session.describe(vm.id()).disks().stream()
                .anyMatch(d -> disk.target().equals(d.target())));
        session.detachDisk(vm.id(), disk.target());
        assertFalse(session.describe(vm.id()).disks().stream()
                .anyMatch(d -> disk.target().equals(d.target())));
    }

    @Test
    public void consolesMatchTheDeclaredCapability() {
        VmInfo listed = session.listVms().get(0);
        if (!can(Capability.CONSOLE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.consoles(listed.id()));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.consoles(UUID.randomUUID().toString()));
        if (!can(Capability.VM_DEFINE)) {
            assertNotNull(session.consoles(listed.id()));
            return;
        }
        VmInfo vm = session.define(sampleSpec(KitChecks.uniqueName("con")));
        try {
            List<ConsoleInfo> consoles = session.consoles(vm.id());
            assertTrue(
                    "a serial console: " + consoles,
                    consoles.stream().anyMatch(c -> c.type().equals("serial")));
            assertTrue(
                    "a VNC console: " + consoles,
                    consoles.stream().anyMatch(c -> c.type().equals("vnc")));
        } finally {
            session.undefine(vm.id());
        }
    }

    /**
     * Guest information (SPI 2.3), which no capability names: a driver without a way to guest agents answers {@code
     * UNSUPPORTED}; one with it answers {@code NOT_FOUND} for an unknown VM and, for a VM that does not run, "no agent"
     * with a reason, never an error. What an agent says needs a guest with one: the driver's own end-to-end test.
     */
    @Test
    public void guestInformationIsAnAnswerOrUnsupported() {
        VmInfo vm = session.listVms().get(0);
        if (can(Capability.VM_POWER) && session.vm(vm.id()).state() == VmInfo.PowerState.RUNNING) {
            session.powerOff(vm.id());
        }
        GuestInfo guest;
        try {
            guest = session.guestInfo(vm.id());
        } catch (DriverException e) {
            // no agent access on this driver or host (a simulator may lack it): UNSUPPORTED, in words
            expectFault(Fault.UNSUPPORTED, () -> session.guestInfo(vm.id()));
            return;
        }
        assertNotNull(guest);
        if (session.vm(vm.id()).state() != VmInfo.PowerState.RUNNING) {
            assertFalse("a VM that does not run has no agent answering", guest.agentAnswered());
            assertFalse("and says why", guest.reason().isBlank());
        }
        expectFault(Fault.NOT_FOUND, () -> session.guestInfo(UUID.randomUUID().toString()));
    }

    /**
     * What a running VM's guest report holds (SPI 2.4), where the driver can start the VM and an agent answers in it
     * (a simulated guest; a real one needs the driver's end-to-end test): file systems with a mount point and sizes
     * that are -1 or fit (use at most the size), users with names, interfaces with names. A driver or host without
     * agent access answers UNSUPPORTED; no agent answering is an answer with a reason.
     */
    @Test
    public void aRunningGuestsReportIsWellFormed() {
        VmInfo vm = session.listVms().get(0);
        if (!can(Capability.VM_POWER)) {
            return;
        }
        ensureRunning(vm);
        GuestInfo guest;
        try {
            guest = session.guestInfo(vm.id());
        } catch (DriverException e) {
            assertEquals("only UNSUPPORTED: " + e.getMessage(), Fault.UNSUPPORTED, e.fault());
            return;
        }
        if (!guest.agentAnswered()) {
            assertFalse("no agent, and says why", guest.reason().isBlank());
            assertTrue(guest.fileSystems().isEmpty() && guest.users().isEmpty() && guest.timezone() == null);
            return;
        }
        for (GuestInfo.FileSystem fs : guest.fileSystems()) {
            assertFalse("a mount point: " + fs, fs.mountpoint().isBlank());
            if (fs.totalBytes() >= 0 && fs.usedBytes() >= 0) {
                assertTrue("at most its size used: " + fs, fs.usedBytes() <= fs.totalBytes());
            }
        }
        for (GuestInfo.User user : guest.users()) {
            assertFalse("a user's name: " + user, user.name().isBlank());
        }
        if (guest.timezone() != null) {
            assertTrue(
                    "an offset of at most a day: " + guest.timezone(),
                    Math.abs(guest.timezone().offsetSeconds()) <= 24 * 3600);
        }
        for (GuestInfo.Interface nic : guest.interfaces()) {
            assertFalse("an interface's name: " + nic, nic.name().isBlank());
        }
    }

    /**
     * Programs in guests (SPI 2.4, {@code GUEST_EXEC}): a driver without the capability answers UNSUPPORTED; one with
     * it answers NOT_FOUND for an unknown VM and CONFLICT for a VM that does not run (before asking any agent). That
     * a program runs needs a guest with an agent: the driver's end-to-end test.
     */
    @Test
    public void guestProgramsMatchTheDeclaredCapability() {
        VmInfo vm = session.listVms().get(0);
        GuestCommand echo = new GuestCommand("/bin/echo", List.of("kit"), null, Duration.ofSeconds(10));
        if (!can(Capability.GUEST_EXEC)) {
            expectFault(Fault.UNSUPPORTED, () -> session.guestExec(vm.id(), echo));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.guestExec(UUID.randomUUID().toString(), echo));
        if (can(Capability.VM_POWER) && session.vm(vm.id()).state() == VmInfo.PowerState.RUNNING) {
            session.powerOff(vm.id());
        }
        if (session.vm(vm.id()).state() == VmInfo.PowerState.STOPPED) {
            expectFault(Fault.CONFLICT, () -> session.guestExec(vm.id(), echo));
        }
    }

    @Test
    public void resourceSettingsMatchTheDeclaredCapability() {
        VmInfo listed = session.listVms().get(0);
        ResourceSettings settings = new ResourceSettings(512, 50, null, 1024L, 512L);
        if (!can(Capability.RESOURCE_SETTINGS)) {
            expectFault(Fault.UNSUPPORTED, () -> session.applyResources(listed.id(), settings));
            return;
        }
        expectFault(
                Fault.NOT_FOUND, () -> session.applyResources(UUID.randomUUID().toString(), settings));
        if (!can(Capability.VM_DEFINE)) {
            return;
        }
        VmInfo vm = session.define(sampleSpec(KitChecks.uniqueName("res")));
        try {
            session.applyResources(vm.id(), settings);
            assertEquals(settings, session.describe(vm.id()).resources());
            session.applyResources(vm.id(), new ResourceSettings(1024, null, null, null, null));
            assertEquals(
                    "null fields are left as they are",
                    new ResourceSettings(1024, 50, null, 1024L, 512L),
                    session.describe(vm.id()).resources());
        } finally {
            session.undefine(vm.id());
        }
    }

    @Test
    public void vmStatisticsMatchTheDeclaredCapability() {
        VmInfo vm = session.listVms().get(0);
        if (!can(Capability.VM_STATISTICS)) {
            expectFault(Fault.UNSUPPORTED, () -> session.vmStats(vm.id()));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.vmStats(UUID.randomUUID().toString()));
        if (can(Capability.VM_POWER)) {
            ensureRunning(vm);
        }
        VmStats stats = session.vmStats(vm.id());
        assertNotNull(stats.at());
        assertTrue("vcpus", stats.cpus() > 0);
        assertTrue(
                "counters are never negative: " + stats,
                stats.cpuTimeNanos() >= 0
                        && stats.memoryUsedBytes() >= 0
                        && stats.diskReadBytes() >= 0
                        && stats.diskWriteBytes() >= 0
                        && stats.netRxBytes() >= 0
                        && stats.netTxBytes() >= 0);
        // every running VM's counters in one call (SPI 2.0): the running VM is there with the same vCPUs; nothing
        // that does not run is
        Map<String, VmStats> all = session.runningVmStats();
        if (session.vm(vm.id()).state() == VmInfo.PowerState.RUNNING) {
            VmStats bulk = all.get(vm.id());
            assertNotNull("the running VM " + vm.id() + " is among " + all.keySet(), bulk);
            assertEquals(stats.cpus(), bulk.cpus());
            // a bulk call may read another source than vmStats (libvirt: the cgroup's nanoseconds beside getInfo's
            // 10 ms steps), so only its sign is held to vmStats' rule
            assertTrue(bulk.toString(), bulk.cpuTimeNanos() >= 0 && bulk.memoryUsedBytes() >= 0);
        }
        for (VmInfo other : session.listVms()) {
            if (other.state() != VmInfo.PowerState.RUNNING) {
                assertFalse("a VM that does not run has no counters: " + other, all.containsKey(other.id()));
            }
        }
        if (can(Capability.VM_POWER)) {
            session.powerOff(vm.id());
            VmStats stopped = session.vmStats(vm.id());
            assertEquals("a stopped VM uses no CPU", 0, stopped.cpuTimeNanos());
            assertEquals("a stopped VM uses no memory", 0, stopped.memoryUsedBytes());
        }
    }

    @Test
    public void hostStatisticsMatchTheDeclaredCapability() {
        if (!can(Capability.HOST_STATISTICS)) {
            expectFault(Fault.UNSUPPORTED, () -> session.hostStats());
            return;
        }
        HostStats stats = session.hostStats();
        assertNotNull(stats.at());
        assertTrue("cpus", stats.cpus() > 0);
        assertTrue("total CPU time " + stats, stats.cpuTotalNanos() > 0);
        assertTrue(
                "busy CPU time within total " + stats,
                stats.cpuBusyNanos() >= 0 && stats.cpuBusyNanos() <= stats.cpuTotalNanos());
        assertTrue("memory " + stats, stats.memoryTotalBytes() > 0);
        assertTrue("free memory " + stats, stats.memoryFreeBytes() >= 0);
    }

    @Test
    public void eventsMatchTheDeclaredCapability() throws Exception {
        if (!can(Capability.VM_EVENTS)) {
            expectFault(Fault.UNSUPPORTED, () -> session.watch(event -> {}));
            return;
        }
        BlockingQueue<VmEvent> first = new LinkedBlockingQueue<>();
        AutoCloseable subscription = session.watch(first::add);
        if (!can(Capability.VM_POWER)) {
            subscription.close();
            return;
        }
        VmInfo vm = session.listVms().get(0);
        if (session.vm(vm.id()).state() != VmInfo.PowerState.STOPPED) {
            session.powerOff(vm.id());
        }
        session.start(vm.id());
        awaitEvent(first, vm.id(), VmEvent.Type.STARTED);
        session.powerOff(vm.id());
        awaitEvent(first, vm.id(), VmEvent.Type.STOPPED);

        subscription.close();
        first.clear();
        BlockingQueue<VmEvent> second = new LinkedBlockingQueue<>();
        try (AutoCloseable other = session.watch(second::add)) {
            session.start(vm.id());
            awaitEvent(second, vm.id(), VmEvent.Type.STARTED);
        }
        assertTrue("a closed subscription gets no more events: " + first, first.isEmpty());
    }

    @Test
    public void migrationMatchesTheDeclaredCapability() throws Exception {
        VmInfo vm = session.listVms().get(0);
        MigrationMonitor monitor = new MigrationMonitor() {
            @Override
            public void progress(int percent, String message) {
                assertTrue("progress in 0..100: " + percent, percent >= 0 && percent <= 100);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        Endpoint destination = migrationDestination();
        Endpoint target = destination != null ? destination : host;
        if (!can(Capability.LIVE_MIGRATION) || session.facts().unavailable().contains(Capability.LIVE_MIGRATION)) {
            expectFault(Fault.UNSUPPORTED, () -> session.migrate(vm.id(), target, monitor));
            return;
        }
        if (destination == null) {
            expectFault(Fault.NOT_FOUND, () -> session.migrate(UUID.randomUUID().toString(), target, monitor));
            return;
        }
        ensureRunning(vm);
        VmInfo moved = session.migrate(vm.id(), destination, monitor);
        assertEquals("a migrated VM keeps its id", vm.id(), moved.id());
        assertEquals(VmInfo.PowerState.RUNNING, moved.state());
        expectFault(Fault.NOT_FOUND, () -> session.vm(vm.id()));
    }

    // ---- helpers for the optional operations

    protected final boolean can(Capability capability) {
        return driver.descriptor().can(capability);
    }

    private void ensureRunning(VmInfo vm) {
        VmInfo.PowerState state = session.vm(vm.id()).state();
        if (state == VmInfo.PowerState.PAUSED || state == VmInfo.PowerState.SUSPENDED) {
            session.resume(vm.id());
        } else if (state != VmInfo.PowerState.RUNNING) {
            session.start(vm.id());
        }
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
    }

    /** Waits for one event of a VM; the others that arrive meanwhile are consumed. */
    private void awaitEvent(BlockingQueue<VmEvent> events, String vmId, VmEvent.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + eventTimeout().toNanos();
        List<VmEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            VmEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            seen.add(event);
            if (event.vmId().equals(vmId) && event.type() == type) {
                return;
            }
        }
        fail("no " + type + " event for " + vmId + " within " + eventTimeout() + "; saw " + seen);
    }

    /** Runs a call that must fail with one fault; anything else fails the test with what happened. */
    protected static void expectFault(Fault fault, Runnable call) {
        KitChecks.expectFault(fault, call);
    }
}

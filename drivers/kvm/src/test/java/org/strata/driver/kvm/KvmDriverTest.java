package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.strata.libvirt.support.DomainXml;
import org.strata.libvirt.support.EventLoop;
import org.strata.libvirt.support.HostCapabilities;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmLease;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * What is particular to the KVM driver, against libvirt's real test driver in process; what every hypervisor
 * driver must do is checked by the test kit in {@link KvmDriverContractTest}.
 */
public class KvmDriverTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final EventLoop eventLoop = new EventLoop();
    private final KvmDriver driver = new KvmDriver(eventLoop);

    @After
    public void stopEventLoop() {
        eventLoop.close();
    }

    private HypervisorSession privateHost() throws Exception {
        return driver.open(TestHosts.host(folder, "pw"));
    }

    /** A spec with every field set, as describe() must give it back. */
    static VmSpec fullSpec(String name) {
        return new VmSpec(
                        name,
                        UUID.randomUUID().toString(),
                        2,
                        512,
                        VmSpec.GuestMode.HVM,
                        List.of(
                                new DiskSpec(
                                        DiskSpec.Device.DISK,
                                        "/var/lib/images/" + name + ".qcow2",
                                        "qcow2",
                                        DiskSpec.Bus.VIRTIO,
                                        "vda",
                                        false),
                                // Volumes of the SAN and NAS drivers: network disks QEMU opens itself.
                                new DiskSpec(
                                        DiskSpec.Device.DISK,
                                        "iscsi://127.0.0.1:3260/iqn.2026-12.org.strata.test:pool1/1",
                                        "raw",
                                        DiskSpec.Bus.VIRTIO,
                                        "vdc",
                                        false),
                                new DiskSpec(
                                        DiskSpec.Device.DISK,
                                        "nfs://127.0.0.1/strata-test/pool1/" + name + ".qcow2",
                                        "qcow2",
                                        DiskSpec.Bus.VIRTIO,
                                        "vdd",
                                        false),
                                new DiskSpec(
                                        DiskSpec.Device.DISK,
                                        "/var/lib/images/" + name + "-data.raw",
                                        "raw",
                                        DiskSpec.Bus.SCSI,
                                        "sdb",
                                        true),
                                new DiskSpec(
                                        DiskSpec.Device.CDROM,
                                        "/var/lib/iso/install.iso",
                                        "raw",
                                        DiskSpec.Bus.SATA,
                                        "sda",
                                        true)),
                        List.of(
                                new NicSpec(NicSpec.Attachment.NETWORK, "default", "52:54:00:12:34:56", "virtio"),
                                new NicSpec(NicSpec.Attachment.BRIDGE, "br0", "52:54:00:12:34:57", "e1000")),
                        List.of("0000:03:00.0"),
                        List.of(VmSpec.BootDevice.CDROM, VmSpec.BootDevice.DISK, VmSpec.BootDevice.NETWORK),
                        new GraphicsSpec(GraphicsSpec.Type.VNC, "0.0.0.0", 5905),
                        true,
                        new ResourceSettings(2048, 75, null, 1024L, 256L),
                        new VmLease("/srv/strata-leases/strata", name))
                .withSerialNumber("ds=nocloud-net;s=http://10.0.2.2:8181/boot/nocloud/" + name + "/");
    }

    @Test
    public void generatedXmlIsValidForLibvirtsSchema() throws Exception {
        Path validator = Path.of("/usr/bin/virt-xml-validate");
        org.junit.Assume.assumeTrue(
                "virt-xml-validate (libvirt-clients) and xmllint (libxml2-utils) are installed",
                Files.isExecutable(validator) && Files.isExecutable(Path.of("/usr/bin/xmllint")));
        for (VmSpec spec : List.of(fullSpec("valid-full"), VmSpec.of("valid-min", 1, 64))) {
            Path file = folder.newFile(spec.name() + ".xml").toPath();
            Files.writeString(file, DomainXml.toXml(spec, new KvmFlavour(), "kvm"));
            Process p = new ProcessBuilder(validator.toString(), file.toString(), "domain")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(output + Files.readString(file), 0, p.exitValue());
        }
    }

    @Test
    public void describesItselfAsAFullHypervisorDriver() {
        assertEquals("kvm", driver.descriptor().id());
        assertEquals(DriverKind.HYPERVISOR, driver.descriptor().kind());
        for (Capability c : List.of(
                Capability.VM_POWER,
                Capability.VM_DEFINE,
                Capability.VM_SUSPEND,
                Capability.DEVICE_HOTPLUG,
                Capability.CONSOLE,
                Capability.RESOURCE_SETTINGS,
                Capability.VM_STATISTICS,
                Capability.HOST_STATISTICS,
                Capability.VM_EVENTS,
                Capability.LIVE_MIGRATION,
                Capability.PCI_PASSTHROUGH,
                Capability.VM_LEASE)) {
            assertTrue(c.name(), driver.descriptor().can(c));
        }
    }

    @Test
    public void acceptsQemuAndTestUrisOnly() {
        KvmFlavour flavour = new KvmFlavour();
        for (String ok : List.of(
                "qemu:///system",
                "qemu:///session",
                "qemu+ssh://root@host1/system",
                "qemu+tcp://10.0.0.2/system",
                "qemu+tls://host1.example.org/system",
                "test:///default",
                "test:///tmp/host.xml")) {
            assertTrue(ok, flavour.accepts(URI.create(ok)));
        }
        for (String bad : List.of(
                "xen:///system",
                "qemu:///other",
                "qemu+ssh:///system",
                "lxc:///",
                "test://remote/default",
                "http://host/system")) {
            assertFalse(bad, flavour.accepts(URI.create(bad)));
        }
        for (String bad : List.of("xen:///system", "vbox:///session", "not a uri", "")) {
            DriverException e = assertThrows(DriverException.class, () -> driver.open(Endpoint.of(bad)));
            assertEquals(Fault.UNSUPPORTED, e.fault());
            assertTrue(e.getMessage(), e.getMessage().contains("kvm"));
        }
    }

    @Test
    public void choosesKvmWhereTheHostOffersItElseTcg() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream("/qemu-capabilities.xml")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        KvmFlavour flavour = new KvmFlavour();
        HostCapabilities withKvm = HostCapabilities.parse(real);
        assertEquals("x86_64", withKvm.arch());
        assertEquals("kvm", flavour.domainType(withKvm, VmSpec.GuestMode.HVM));
        assertEquals(Set.of("kvm", "qemu"), flavour.guestTypes(withKvm));
        assertEquals(1, withKvm.cells().size());

        // the same host as libvirt reports it when /dev/kvm is not usable
        HostCapabilities withoutKvm = HostCapabilities.parse(real.replace("<domain type='kvm'/>", ""));
        assertEquals("qemu", flavour.domainType(withoutKvm, VmSpec.GuestMode.HVM));
        assertEquals(Set.of("qemu"), flavour.guestTypes(withoutKvm));

        // acceleration=tcg: software emulation even where KVM is offered (a /dev/kvm that cannot boot an OS)
        assertEquals("qemu", new KvmFlavour(true).domainType(withKvm, VmSpec.GuestMode.HVM));

        assertTrue(DomainXml.toXml(VmSpec.of("a", 1, 64), flavour, "kvm").contains("<domain type=\"kvm\">"));
    }

    @Test
    public void definesTcgDomainsOnAHostWithoutKvmAsASecondConnectionSees() throws Exception {
        String name = "kvm-type-" + UUID.randomUUID().toString().substring(0, 8);
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"))) {
            VmInfo vm = session.define(VmSpec.of(name, 1, 64));
            Connect other = new Connect("test:///default");
            try {
                Domain domain = other.domainLookupByUUIDString(vm.id());
                assertTrue(domain.getXMLDesc(0), domain.getXMLDesc(0).contains("<domain type='qemu'>"));
            } finally {
                other.close();
            }
            session.undefine(vm.id());
        }
    }

    @Test
    public void reportsNumaCellsGuestTypesAndWhatTheTestHostCannotDo() throws Exception {
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"))) {
            HostFacts facts = session.facts();
            assertEquals(2, facts.numaCells().size());
            assertEquals(8, facts.numaCells().get(0).cpus());
            assertEquals(2097152L * 1024, facts.numaCells().get(0).memoryBytes());
            assertEquals(4194304L * 1024, facts.numaCells().get(1).memoryBytes());
            assertEquals(Set.of("qemu"), facts.guestTypes());
            assertEquals(
                    Set.of(
                            Capability.LIVE_MIGRATION,
                            Capability.DEVICE_HOTPLUG,
                            Capability.PCI_PASSTHROUGH,
                            Capability.GUEST_EXEC),
                    facts.unavailable());
            assertEquals("TEST", facts.hypervisor());
        }
    }

    @Test
    public void describeGivesBackWhatDefineWrote() throws Exception {
        try (HypervisorSession session = privateHost()) {
            VmSpec spec = fullSpec("full");
            VmInfo vm = session.define(spec);
            assertEquals(spec.uuid(), vm.id());
            assertEquals(2, vm.cpus());
            assertEquals(512L << 20, vm.memoryBytes());
            assertEquals(spec, session.describe(vm.id()));
        }
    }

    @Test
    public void describeFillsInWhatTheSpecLeftOpen() throws Exception {
        try (HypervisorSession session = privateHost()) {
            VmSpec spec = VmSpec.of("minimal", 1, 128)
                    .withDisks(List.of(
                            DiskSpec.disk("/img/a.qcow2", "qcow2"),
                            DiskSpec.disk("/img/b.img", null),
                            DiskSpec.cdrom(null)))
                    .withNics(List.of(NicSpec.network("default")));
            VmInfo vm = session.define(spec);
            VmSpec described = session.describe(vm.id());
            assertEquals(vm.id(), described.uuid());
            assertEquals(
                    List.of("vda", "vdb", "sda"),
                    described.disks().stream().map(DiskSpec::target).toList());
            assertEquals("raw", described.disks().get(1).format());
            assertEquals(DiskSpec.Bus.SATA, described.disks().get(2).bus());
            assertEquals(null, described.disks().get(2).source());
            assertEquals("virtio", described.nics().get(0).model());
            assertNotNull("libvirt chose a MAC", described.nics().get(0).mac());
            assertEquals(List.of(), described.bootOrder());
            assertEquals(ResourceSettings.NONE, described.resources());
            assertEquals(null, described.graphics());
            assertFalse(described.serialConsole());
        }
    }

    @Test
    public void refusesImpossibleTransitionsAndUnknownVms() throws Exception {
        try (HypervisorSession session = privateHost()) {
            String id = TestHosts.VM_UUID;
            assertEquals(VmInfo.PowerState.STOPPED, session.vm(id).state());
            for (Runnable stoppedOnly : List.<Runnable>of(
                    () -> session.shutdown(id),
                    () -> session.powerOff(id),
                    () -> session.reboot(id),
                    () -> session.suspend(id),
                    () -> session.resume(id))) {
                assertFault(Fault.CONFLICT, stoppedOnly);
            }
            session.start(id);
            assertFault(Fault.CONFLICT, () -> session.start(id));
            assertFault(Fault.CONFLICT, () -> session.resume(id));
            assertFault(Fault.CONFLICT, () -> session.undefine(id));
            session.reboot(id);
            session.shutdown(id);
            assertEquals(VmInfo.PowerState.STOPPED, session.vm(id).state());

            String unknown = UUID.randomUUID().toString();
            for (Runnable op : List.<Runnable>of(
                    () -> session.start(unknown),
                    () -> session.powerOff(unknown),
                    () -> session.describe(unknown),
                    () -> session.vmStats(unknown),
                    () -> session.consoles(unknown),
                    () -> session.detachDisk(unknown, "vda"),
                    () -> session.vm("not-a-uuid"))) {
                assertFault(Fault.NOT_FOUND, op);
            }
        }
    }

    @Test
    public void refusesPvGuestsTakenNamesAndForeignRedefinitions() throws Exception {
        try (HypervisorSession session = privateHost()) {
            VmSpec pv = new VmSpec("pv", null, 1, 64, VmSpec.GuestMode.PV, null, null, null, null, null, false, null);
            assertFault(Fault.UNSUPPORTED, () -> session.define(pv));
            assertFault(Fault.CONFLICT, () -> session.define(VmSpec.of("kit1", 1, 64)));
            assertFault(
                    Fault.CONFLICT,
                    () -> session.define(VmSpec.of("other", 1, 64).withUuid(TestHosts.VM_UUID)));
            assertFault(Fault.CONFLICT, () -> session.redefine(TestHosts.VM_UUID, VmSpec.of("renamed", 1, 64)));
            assertFault(
                    Fault.UNSUPPORTED,
                    () -> session.define(VmSpec.of("reserved", 1, 64)
                            .withResources(new ResourceSettings(null, null, 50, null, null))));
            assertEquals(1, session.listVms().size());
        }
    }

    @Test
    public void aDeviceTheHypervisorRejectsLeavesTheDefinitionUnchanged() throws Exception {
        try (HypervisorSession session = privateHost()) {
            VmSpec before = session.describe(TestHosts.VM_UUID);
            DriverException e = assertThrows(
                    DriverException.class,
                    () -> session.attachDisk(
                            TestHosts.VM_UUID,
                            DiskSpec.disk("/img/x.qcow2", "qcow2").withTarget("xyz")));
            assertTrue(e.getMessage(), e.getMessage().contains("xyz"));
            assertFault(
                    Fault.CONFLICT,
                    () -> session.attachDisk(
                            TestHosts.VM_UUID,
                            DiskSpec.disk("/img/y.qcow2", "qcow2").withTarget("vda")));
            assertFault(
                    Fault.CONFLICT,
                    () -> session.attachNic(
                            TestHosts.VM_UUID, NicSpec.network("default").withMac("52:54:00:00:00:01")));
            assertEquals(before, session.describe(TestHosts.VM_UUID));
        }
    }

    @Test
    public void devicesAttachToStoppedVmsWithFreeTargetsAndNotToRunningOnesOnATestHost() throws Exception {
        try (HypervisorSession session = privateHost()) {
            String id = TestHosts.VM_UUID;
            DiskSpec second = session.attachDisk(id, DiskSpec.disk("/img/2.qcow2", "qcow2"));
            assertEquals("vdb", second.target());
            DiskSpec cdrom = session.attachDisk(id, DiskSpec.cdrom("/iso/a.iso"));
            assertEquals("sda", cdrom.target());
            NicSpec nic = session.attachNic(id, new NicSpec(NicSpec.Attachment.BRIDGE, "br0", null, null));
            assertTrue(nic.mac(), nic.mac().startsWith("52:54:00:"));
            assertEquals("virtio", nic.model());
            VmSpec described = session.describe(id);
            assertTrue(described.disks().contains(second));
            assertTrue(described.disks().contains(cdrom));
            assertTrue(described.nics().contains(nic));

            session.start(id);
            assertFault(Fault.UNSUPPORTED, () -> session.attachDisk(id, DiskSpec.disk("/img/3.qcow2", "qcow2")));
            assertFault(Fault.UNSUPPORTED, () -> session.detachDisk(id, "vdb"));
            assertEquals(described, session.describe(id));
            session.powerOff(id);

            session.detachDisk(id, "vdb");
            session.detachNic(id, nic.mac().toUpperCase(java.util.Locale.ROOT));
            VmSpec after = session.describe(id);
            assertEquals(
                    List.of("vda", "sda"),
                    after.disks().stream().map(DiskSpec::target).toList());
            assertEquals(1, after.nics().size());
        }
    }

    @Test
    public void resourceSettingsReadBackAndApplyLiveWhereTheHostCan() throws Exception {
        try (HypervisorSession session = privateHost()) {
            String id = TestHosts.VM_UUID;
            session.applyResources(id, new ResourceSettings(300, 25, null, 2048L, 1024L));
            assertEquals(
                    new ResourceSettings(300, 25, null, 2048L, 1024L),
                    session.describe(id).resources());

            session.start(id);
            // libvirt's test driver tunes memory live but its scheduler has no cpu_shares: refused, nothing changed
            session.applyResources(id, new ResourceSettings(null, null, null, 4096L, null));
            assertEquals(
                    new ResourceSettings(300, 25, null, 4096L, 1024L),
                    session.describe(id).resources());
            assertFault(
                    Fault.UNSUPPORTED,
                    () -> session.applyResources(id, new ResourceSettings(900, null, null, null, null)));
            assertEquals(300, (int) session.describe(id).resources().cpuShares());
            assertFault(
                    Fault.UNSUPPORTED,
                    () -> session.applyResources(id, new ResourceSettings(null, null, 10, null, null)));
        }
    }

    @Test
    public void statisticsCountWhileRunningAndAreZeroWhenStopped() throws Exception {
        try (HypervisorSession session = privateHost()) {
            String id = TestHosts.VM_UUID;
            VmStats stopped = session.vmStats(id);
            assertEquals(0, stopped.cpuTimeNanos() + stopped.diskReadBytes() + stopped.netRxBytes());
            session.start(id);
            VmStats running = session.vmStats(id);
            assertEquals(1, running.cpus());
            assertTrue("cpu " + running, running.cpuTimeNanos() > 0);
            assertTrue("memory " + running, running.memoryUsedBytes() > 0);
            assertTrue(
                    "the test driver counts vda " + running,
                    running.diskReadBytes() > 0 && running.diskWriteBytes() > 0);
            assertTrue(
                    "the test driver counts the NIC " + running, running.netRxBytes() > 0 && running.netTxBytes() > 0);

            var host = session.hostStats();
            assertEquals(4, host.cpus());
            assertEquals(4194304L * 1024, host.memoryTotalBytes());
            assertEquals("free = total less the running VM", (4194304L - 262144L) * 1024, host.memoryFreeBytes());
            assertTrue(host.cpuBusyNanos() > 0 && host.cpuBusyNanos() < host.cpuTotalNanos());
        }
    }

    @Test
    public void consolesOfAStoppedVmHaveNoAddressYet() throws Exception {
        try (HypervisorSession session = privateHost()) {
            VmInfo vm =
                    session.define(VmSpec.of("con", 1, 64).withDisks(List.of()).withBootOrder(List.of()));
            assertEquals(List.of(), session.consoles(vm.id()));
            VmSpec withConsoles = new VmSpec(
                    "con2",
                    null,
                    1,
                    64,
                    null,
                    null,
                    null,
                    null,
                    null,
                    new GraphicsSpec(GraphicsSpec.Type.SPICE, null, 5930),
                    true,
                    null);
            VmInfo vm2 = session.define(withConsoles);
            List<ConsoleInfo> consoles = session.consoles(vm2.id());
            assertEquals(
                    List.of(new ConsoleInfo("serial", null), new ConsoleInfo("spice", "127.0.0.1:5930")), consoles);
        }
    }

    @Test
    public void eventsReportChangesMadeThroughASecondConnection() throws Exception {
        String name = "kvm-events-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<VmEvent> events = new LinkedBlockingQueue<>();
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"));
                AutoCloseable watch = session.watch(e -> {
                    if (e.name().equals(name)) {
                        events.add(e);
                    }
                })) {
            Connect virsh = new Connect("test:///default");
            try {
                Domain domain = virsh.domainDefineXML("<domain type='test'><name>" + name + "</name>"
                        + "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
                domain.create();
                domain.suspend();
                domain.resume();
                domain.destroy();
                domain.undefine();
            } finally {
                virsh.close();
            }
            List<VmEvent.Type> expected = List.of(
                    VmEvent.Type.DEFINED,
                    VmEvent.Type.STARTED,
                    VmEvent.Type.SUSPENDED,
                    VmEvent.Type.RESUMED,
                    VmEvent.Type.STOPPED,
                    VmEvent.Type.UNDEFINED);
            for (VmEvent.Type type : expected) {
                VmEvent event = events.poll(10, TimeUnit.SECONDS);
                assertNotNull("no " + type + " event", event);
                assertEquals(type, event.type());
            }
        }
    }

    @Test
    public void authenticatesWithTheEndpointsCredentialsAndNeverShowsThePassword() throws Exception {
        Path file = folder.newFile("auth-host.xml").toPath();
        Files.writeString(file, """
                <node>
                  <cpu><mhz>2000</mhz><model>c</model><nodes>1</nodes><sockets>1</sockets><cores>1</cores><threads>1</threads></cpu>
                  <memory>1048576</memory>
                  <auth><user password='right-pw-123'>admin</user></auth>
                </node>
                """);
        String uri = "test://" + file.toAbsolutePath();
        try (HypervisorSession session = driver.open(new Endpoint(uri, "admin", Secret.of("right-pw-123"), null))) {
            assertEquals(1, session.facts().cpus());
        }
        DriverException wrong = assertThrows(
                DriverException.class, () -> driver.open(new Endpoint(uri, "admin", Secret.of("wrong-pw-456"), null)));
        assertEquals(Fault.AUTHENTICATION_FAILED, wrong.fault());
        assertFalse(wrong.getMessage().contains("wrong-pw-456"));
        DriverException none = assertThrows(DriverException.class, () -> driver.open(Endpoint.of(uri)));
        assertEquals(Fault.AUTHENTICATION_FAILED, none.fault());
    }

    /** The serial number cloud-init reads its NoCloud seed from: SMBIOS type 1 through libvirt's sysinfo. */
    @Test
    public void writesTheSerialNumberAsTheSystemsSmbiosSerialAndReadsItBack() {
        String serial = "ds=nocloud-net;s=http://10.0.2.2:8181/boot/nocloud/tok_en-1/";
        String xml = DomainXml.toXml(VmSpec.of("seeded", 1, 64).withSerialNumber(serial), new KvmFlavour(), "kvm");
        assertTrue(xml, xml.contains("<smbios mode=\"sysinfo\"/>"));
        assertTrue(
                xml,
                xml.contains("<sysinfo type=\"smbios\"><system><entry name=\"serial\">" + serial
                        + "</entry></system></sysinfo>"));
        assertEquals(serial, DomainXml.fromXml(xml).serialNumber());
        assertEquals(
                null,
                DomainXml.fromXml(DomainXml.toXml(VmSpec.of("plain", 1, 64), new KvmFlavour(), "kvm"))
                        .serialNumber());
    }

    @Test
    public void writesTheLeaseAsLockdNamesItsFileAndReadsItBack() {
        VmSpec spec = VmSpec.of("leased", 1, 64).withLease(new VmLease("/srv/strata-leases/strata", "vm-1"));
        String xml = DomainXml.toXml(spec, new KvmFlavour(), "kvm");
        // lockd locks target/lockspace/key: /srv/strata-leases/strata/vm-1, the file the platform made
        assertTrue(
                xml,
                xml.contains("<lease><lockspace>strata</lockspace><key>vm-1</key>"
                        + "<target path=\"/srv/strata-leases\"/></lease>"));
        assertEquals(spec.lease(), DomainXml.fromXml(xml).lease());
        assertEquals(
                new VmLease("/strata", "k"),
                DomainXml.fromXml(DomainXml.toXml(spec.withLease(new VmLease("/strata", "k")), new KvmFlavour(), "kvm"))
                        .lease());
        assertEquals(
                null,
                DomainXml.fromXml(DomainXml.toXml(spec.withLease(null), new KvmFlavour(), "kvm"))
                        .lease());
        // a lease written by someone else that the SPI cannot express is left out, not an error
        String relative = xml.replace("path=\"/srv/strata-leases\"", "path=\"leases\"");
        assertEquals(null, DomainXml.fromXml(relative).lease());
    }

    @Test
    public void aliveAsksTheConnectionAndIsFalseOnceClosed() throws Exception {
        HypervisorSession session = driver.open(Endpoint.of("test:///default"));
        assertTrue(session.alive());
        session.close();
        assertFalse(session.alive());
    }

    @Test
    public void aClosedSessionIsUnreachable() throws Exception {
        HypervisorSession session = privateHost();
        session.close();
        assertFault(Fault.UNREACHABLE, session::listVms);
    }

    @Test
    public void migrationIsRefusedOnTestHosts() throws Exception {
        try (HypervisorSession session = privateHost()) {
            session.start(TestHosts.VM_UUID);
            assertFault(
                    Fault.UNSUPPORTED, () -> session.migrate(TestHosts.VM_UUID, Endpoint.of("test:///default"), null));
        }
    }

    /** The channel is left out of the spec read back: {@link #describeGivesBackWhatDefineWrote} shows it. */
    @Test
    public void everyVmItDefinesGetsTheGuestAgentChannelAsASecondConnectionSees() throws Exception {
        String name = "kvm-agent-" + UUID.randomUUID().toString().substring(0, 8);
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"))) {
            VmInfo vm = session.define(VmSpec.of(name, 1, 64));
            Connect other = new Connect("test:///default");
            try {
                org.w3c.dom.Element channel =
                        agentChannel(other.domainLookupByUUIDString(vm.id()).getXMLDesc(0));
                assertNotNull("a channel for the agent", channel);
                assertEquals("unix", channel.getAttribute("type"));
                // and again after a redefinition, which writes the domain afresh from the spec
                session.redefine(vm.id(), session.describe(vm.id()).withBootOrder(List.of(VmSpec.BootDevice.NETWORK)));
                assertNotNull(
                        agentChannel(other.domainLookupByUUIDString(vm.id()).getXMLDesc(0)));
            } finally {
                other.close();
                session.undefine(vm.id());
            }
        }
    }

    /** The {@code <channel>} whose virtio target is QEMU's guest agent port, or null. */
    private static org.w3c.dom.Element agentChannel(String xml) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        org.w3c.dom.NodeList channels = f.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("channel");
        for (int i = 0; i < channels.getLength(); i++) {
            org.w3c.dom.Element channel = (org.w3c.dom.Element) channels.item(i);
            org.w3c.dom.Element target =
                    (org.w3c.dom.Element) channel.getElementsByTagName("target").item(0);
            if (target != null
                    && "virtio".equals(target.getAttribute("type"))
                    && "org.qemu.guest_agent.0".equals(target.getAttribute("name"))) {
                return channel;
            }
        }
        return null;
    }

    /**
     * What libvirt's test driver can show of guest information: an unknown VM is NOT_FOUND, a stopped one has no agent
     * (said without asking). What it cannot show: an agent's answers or libvirt's "not connected" and "not
     * configured", since it has no agent pass-through at all (virDomainQemuAgentCommand is "not supported by the
     * connection driver"): a running VM's guest information is UNSUPPORTED there. {@code KvmGuestAgentEndToEndTest}
     * shows those against the real daemon, {@code QemuGuestAgentTest} the answers' reading.
     */
    @Test
    public void guestInformationOnTheTestDriver() throws Exception {
        try (HypervisorSession session = privateHost()) {
            assertFault(
                    Fault.NOT_FOUND, () -> session.guestInfo(UUID.randomUUID().toString()));
            org.strata.spi.hypervisor.GuestInfo stopped = session.guestInfo(TestHosts.VM_UUID);
            assertFalse(stopped.agentAnswered());
            assertEquals("the VM is not running", stopped.reason());
            session.start(TestHosts.VM_UUID);
            DriverException e = assertThrows(DriverException.class, () -> session.guestInfo(TestHosts.VM_UUID));
            assertEquals(e.getMessage(), Fault.UNSUPPORTED, e.fault());
            assertTrue(
                    e.getMessage(),
                    e.getMessage().startsWith("kvm: cannot ask the guest agent of " + TestHosts.VM_UUID));
        }
    }

    static void assertFault(Fault fault, Runnable call) {
        DriverException e = assertThrows(DriverException.class, call::run);
        assertEquals(e.getMessage(), fault, e.fault());
    }
}

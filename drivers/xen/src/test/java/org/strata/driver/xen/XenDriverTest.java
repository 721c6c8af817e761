package org.strata.driver.xen;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.libvirt.support.DomainXml;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmLease;
import org.strata.spi.hypervisor.VmSpec;

/**
 * The Xen domain XML: validated against libvirt's own schema with {@code virt-xml-validate}, defined on libvirt's
 * test driver and read back. No Xen host runs here; what that leaves untested is listed in docs/driver-guide.md.
 */
public class XenDriverTest {

    private static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");
    private static final Path XMLLINT = Path.of("/usr/bin/xmllint");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final EventLoop eventLoop = new EventLoop();
    private final XenDriver driver = new XenDriver(eventLoop);
    private final XenFlavour flavour = new XenFlavour();

    @After
    public void stopEventLoop() {
        eventLoop.close();
    }

    /** A PV guest with every device the spec can hold, in the form describe() gives back. */
    static VmSpec pvSpec(String name) {
        return new VmSpec(
                name,
                UUID.randomUUID().toString(),
                2,
                1024,
                VmSpec.GuestMode.PV,
                List.of(
                        new DiskSpec(
                                DiskSpec.Device.DISK,
                                "/var/lib/xen/" + name + ".img",
                                "raw",
                                DiskSpec.Bus.XEN,
                                "xvda",
                                false),
                        new DiskSpec(
                                DiskSpec.Device.DISK,
                                "/dev/vg0/" + name + "-data",
                                "raw",
                                DiskSpec.Bus.XEN,
                                "xvdb",
                                false),
                        new DiskSpec(
                                DiskSpec.Device.CDROM,
                                "/var/lib/iso/tools.iso",
                                "raw",
                                DiskSpec.Bus.XEN,
                                "xvdc",
                                true)),
                List.of(
                        new NicSpec(NicSpec.Attachment.BRIDGE, "xenbr0", "00:16:3e:11:22:33", "netfront"),
                        new NicSpec(NicSpec.Attachment.NETWORK, "default", "00:16:3e:11:22:34", "netfront")),
                List.of("0000:03:00.0"),
                List.of(),
                new GraphicsSpec(GraphicsSpec.Type.VNC, "127.0.0.1", 0),
                true,
                new ResourceSettings(512, 50, null, 2048L, 1024L));
    }

    /** An HVM guest with every device the spec can hold, in the form describe() gives back. */
    static VmSpec hvmSpec(String name) {
        return new VmSpec(
                name,
                UUID.randomUUID().toString(),
                4,
                2048,
                VmSpec.GuestMode.HVM,
                List.of(
                        new DiskSpec(
                                DiskSpec.Device.DISK,
                                "/var/lib/xen/" + name + ".qcow2",
                                "qcow2",
                                DiskSpec.Bus.XEN,
                                "xvda",
                                false),
                        new DiskSpec(
                                DiskSpec.Device.CDROM,
                                "/var/lib/iso/install.iso",
                                "raw",
                                DiskSpec.Bus.IDE,
                                "hdc",
                                true)),
                List.of(new NicSpec(NicSpec.Attachment.BRIDGE, "xenbr0", "00:16:3e:11:22:35", "e1000")),
                List.of("0000:04:00.1"),
                List.of(VmSpec.BootDevice.CDROM, VmSpec.BootDevice.DISK),
                new GraphicsSpec(GraphicsSpec.Type.SPICE, "0.0.0.0", 5901),
                true,
                new ResourceSettings(256, 200, null, 4096L, 2048L));
    }

    @Test
    public void acceptsXenAndTestUrisOnly() {
        for (String ok : List.of("xen:///system", "xen:///", "xen+ssh://root@dom0/system", "test:///default")) {
            assertTrue(ok, flavour.accepts(URI.create(ok)));
        }
        for (String bad : List.of("qemu:///system", "xen://dom0/system", "xen+tcp://dom0/system", "xen:///session")) {
            assertFalse(bad, flavour.accepts(URI.create(bad)));
        }
        DriverException e = assertThrows(DriverException.class, () -> driver.open(Endpoint.of("qemu:///system")));
        assertEquals(Fault.UNSUPPORTED, e.fault());
    }

    @Test
    public void holdsNoLeasesAndSaysSo() {
        assertFalse(driver.descriptor().can(Capability.VM_LEASE));
        VmSpec leased = pvSpec("leased").withLease(new VmLease("/srv/strata-leases/strata", "k"));
        DriverException e = assertThrows(DriverException.class, () -> DomainXml.toXml(leased, flavour, "xen"));
        assertEquals(Fault.UNSUPPORTED, e.fault());
        assertTrue(
                e.getMessage(),
                e.getMessage().startsWith("xen: ") && e.getMessage().contains("lease"));
    }

    @Test
    public void pvXmlUsesPygrubXenDevicesAndAXenConsole() {
        String xml = DomainXml.toXml(pvSpec("pv"), flavour, "xen");
        assertTrue(xml, xml.contains("<domain type=\"xen\">"));
        assertTrue(xml, xml.contains("<bootloader>pygrub</bootloader>"));
        assertTrue(xml, xml.contains("<type>xen</type>"));
        assertFalse("PV guests boot through pygrub, not firmware: " + xml, xml.contains("<boot "));
        assertTrue(xml, xml.contains("<target bus=\"xen\" dev=\"xvda\"/>"));
        assertTrue(xml, xml.contains("<model type=\"netfront\"/>"));
        assertTrue(xml, xml.contains("<target port=\"0\" type=\"xen\"/>"));
        assertFalse("PV guests have no emulated serial port: " + xml, xml.contains("<serial"));
        assertFalse("no ACPI for PV: " + xml, xml.contains("<acpi"));
    }

    @Test
    public void busesAndModelsMapToWhatXenOffers() {
        VmSpec asked = VmSpec.of("map", 1, 64)
                .withDisks(List.of(DiskSpec.disk("/a.img", "raw"), DiskSpec.cdrom("/b.iso")))
                .withNics(List.of(NicSpec.network("default")));
        VmSpec pv = new VmSpec(
                "map-pv", null, 1, 64, VmSpec.GuestMode.PV, asked.disks(), asked.nics(), null, null, null, false, null);
        VmSpec pvRead = DomainXml.fromXml(DomainXml.toXml(pv, flavour, "xen"));
        assertEquals(
                List.of("xvda", "xvdb"),
                pvRead.disks().stream().map(DiskSpec::target).toList());
        assertEquals(
                List.of(DiskSpec.Bus.XEN, DiskSpec.Bus.XEN),
                pvRead.disks().stream().map(DiskSpec::bus).toList());
        assertEquals("netfront", pvRead.nics().get(0).model());

        VmSpec hvmRead = DomainXml.fromXml(DomainXml.toXml(asked, flavour, "xen"));
        assertEquals(
                List.of("xvda", "hda"),
                hvmRead.disks().stream().map(DiskSpec::target).toList());
        assertEquals(
                List.of(DiskSpec.Bus.XEN, DiskSpec.Bus.IDE),
                hvmRead.disks().stream().map(DiskSpec::bus).toList());
        assertEquals("e1000", hvmRead.nics().get(0).model());
    }

    @Test
    public void everyGeneratedXmlIsValidForLibvirtsSchema() throws Exception {
        Assume.assumeTrue(
                "virt-xml-validate (Debian libvirt-clients) and xmllint (libxml2-utils) are installed",
                Files.isExecutable(VALIDATOR) && Files.isExecutable(XMLLINT));
        VmSpec minimalPv =
                new VmSpec("min-pv", null, 1, 64, VmSpec.GuestMode.PV, null, null, null, null, null, false, null);
        for (VmSpec spec : List.of(pvSpec("pv-full"), hvmSpec("hvm-full"), minimalPv, VmSpec.of("min-hvm", 1, 64))) {
            Path file = folder.newFile(spec.name() + ".xml").toPath();
            Files.writeString(file, DomainXml.toXml(spec, flavour, "xen"));
            Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), "domain")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("virt-xml-validate finishes", p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(spec.name() + ": " + output + Files.readString(file), 0, p.exitValue());
        }
        // a device attached later is validated as part of the domain it ends up in
        VmSpec withAttached = pvSpec("pv-attached");
        Path device = folder.newFile("disk.xml").toPath();
        Files.writeString(
                device,
                DomainXml.diskXml(
                        DomainXml.resolveDisk(
                                DiskSpec.disk("/x.img", "raw"),
                                Set.of("xvda", "xvdb", "xvdc"),
                                flavour,
                                VmSpec.GuestMode.PV),
                        flavour));
        assertTrue(Files.readString(device).contains("xvdd"));
        assertEquals(
                5,
                DomainXml.fromXml(DomainXml.toXml(
                                withAttached.withDisks(List.of(
                                        withAttached.disks().get(0),
                                        withAttached.disks().get(1),
                                        withAttached.disks().get(2),
                                        DiskSpec.disk("/x.img", "raw"),
                                        DiskSpec.disk("/y.img", "raw"))),
                                flavour,
                                "xen"))
                        .disks()
                        .size());
    }

    @Test
    public void definesPvAndHvmGuestsAndDescribesThemBack() throws Exception {
        try (HypervisorSession session = driver.open(TestHosts.host(folder, "pw"))) {
            for (VmSpec spec : List.of(pvSpec("pv-def"), hvmSpec("hvm-def"))) {
                VmInfo vm = session.define(spec);
                assertEquals(spec.uuid(), vm.id());
                assertEquals(spec, session.describe(vm.id()));
            }
            VmSpec pv = session.describe(TestHosts.PV_UUID);
            assertEquals(VmSpec.GuestMode.PV, pv.guestMode());
            assertEquals("xvda", pv.disks().get(0).target());
        }
    }

    @Test
    public void attachesXenDisksAndNetfrontNicsToAStoppedPvGuest() throws Exception {
        try (HypervisorSession session = driver.open(TestHosts.host(folder, "pw"))) {
            DiskSpec disk = session.attachDisk(TestHosts.PV_UUID, DiskSpec.disk("/var/lib/xen/extra.img", "raw"));
            assertEquals("xvdb", disk.target());
            assertEquals(DiskSpec.Bus.XEN, disk.bus());
            NicSpec nic =
                    session.attachNic(TestHosts.PV_UUID, new NicSpec(NicSpec.Attachment.BRIDGE, "xenbr1", null, null));
            assertTrue(nic.mac(), nic.mac().startsWith("00:16:3e:"));
            assertEquals("netfront", nic.model());
            VmSpec described = session.describe(TestHosts.PV_UUID);
            assertTrue(described.disks().contains(disk));
            assertTrue(described.nics().contains(nic));
        }
    }

    @Test
    public void cpuSharesOfARunningGuestGoToTheCreditSchedulersWeight() throws Exception {
        try (HypervisorSession session = driver.open(TestHosts.host(folder, "pw"))) {
            String id = TestHosts.PV_UUID;
            session.start(id);
            // libvirt's test driver schedules by 'weight' alone, as libxl's credit scheduler does
            session.applyResources(id, new ResourceSettings(300, null, null, 512L, null));
            assertEquals(
                    new ResourceSettings(300, null, null, 512L, null),
                    session.describe(id).resources());
            DriverException cap = assertThrows(
                    DriverException.class,
                    () -> session.applyResources(id, new ResourceSettings(null, 50, null, null, null)));
            assertEquals("the test driver has no cap: " + cap.getMessage(), Fault.UNSUPPORTED, cap.fault());
            DriverException heavy = assertThrows(
                    DriverException.class,
                    () -> session.applyResources(id, new ResourceSettings(100_000, null, null, null, null)));
            assertEquals(Fault.UNSUPPORTED, heavy.fault());
            assertEquals(
                    "refused settings change nothing",
                    new ResourceSettings(300, null, null, 512L, null),
                    session.describe(id).resources());
        }
    }

    @Test
    public void reportsPvAndHvmGuestTypes() {
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"))) {
            HostFacts facts = session.facts();
            assertEquals(Set.of("xen-pv", "xen-hvm"), facts.guestTypes());
        }
    }
}

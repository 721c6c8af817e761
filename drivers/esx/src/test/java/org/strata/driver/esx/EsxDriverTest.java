package org.strata.driver.esx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;
import org.strata.vsphere.testkit.BrokenServer;
import org.strata.vsphere.testkit.Vcsim;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.TlsPolicy;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;

/**
 * The ESX driver against a real vSphere API simulator (govmomi's vcsim): a vCenter with a cluster of three hosts and
 * one standalone host. What the driver did is checked with govmomi's own client ({@link Vcsim#vm}).
 */
public class EsxDriverTest {

    private static Vcsim vcenter;
    private final EsxDriver driver = new EsxDriver();
    private final List<HypervisorSession> open = new ArrayList<>();
    private final List<String> defined = new ArrayList<>();
    private HypervisorSession h0;

    @BeforeClass
    public static void startSimulator() throws Exception {
        vcenter = Vcsim.start("-cluster-hosts", "3", "-standalone-hosts", "1", "-vms", "4");
    }

    @AfterClass
    public static void stopSimulator() throws Exception {
        if (vcenter != null) {
            vcenter.close();
        }
    }

    @Before
    public void openFirstHost() {
        h0 = open("DC0/DC0_C0/DC0_C0_H0");
    }

    @After
    public void cleanUp() {
        for (String id : defined) {
            try {
                h0.powerOff(id);
            } catch (DriverException ignored) {
                // already off, or gone
            }
            try {
                h0.undefine(id);
            } catch (DriverException ignored) {
                // gone
            }
        }
        open.forEach(HypervisorSession::close);
    }

    private HypervisorSession open(String path) {
        HypervisorSession s =
                driver.open(endpoint("vpx://" + vcenter.authority() + "/" + path + "?transport=http", Vcsim.PASSWORD));
        open.add(s);
        return s;
    }

    private static Endpoint endpoint(String address, String password) {
        return new Endpoint(address, Vcsim.USER, Secret.of(password), null);
    }

    @Test
    public void aHostOfTheVCenterReportsItsFactsAndOnlyItsOwnVms() throws Exception {
        HostFacts facts = h0.facts();
        assertEquals("DC0_C0_H0", facts.hostname());
        assertEquals("VMware ESX", facts.hypervisor());
        assertTrue(facts.cpus() > 0);
        assertTrue(facts.memoryBytes() > 0);
        assertFalse("vMotion is there through a vCenter", facts.unavailable().contains(Capability.LIVE_MIGRATION));

        // The cluster's VMs are spread over its hosts: each session lists those of its own host, and govmomi agrees.
        HypervisorSession h1 = open("DC0/DC0_C0/DC0_C0_H1");
        HypervisorSession h2 = open("DC0/DC0_C0/DC0_C0_H2");
        int total = 0;
        for (HypervisorSession s : List.of(h0, h1, h2)) {
            String host = s.facts().hostname();
            for (VmInfo vm : s.listVms()) {
                String seen = vcenter.vm(vm.name());
                assertTrue(seen, seen.contains("\"host\":\"" + host + "\""));
                assertTrue(seen, seen.contains("\"uuid\":\"" + vm.id() + "\""));
                assertEquals(vm, s.vm(vm.id()));
                total++;
            }
        }
        assertEquals("the cluster's four VMs, each listed once", 4, total);
        // a VM of another host is not this host's
        VmInfo elsewhere =
                h1.listVms().isEmpty() ? h2.listVms().get(0) : h1.listVms().get(0);
        expect(Fault.NOT_FOUND, () -> h0.vm(elsewhere.id()));
    }

    /**
     * Guest information from VMware Tools: vcsim's VMs run no Tools until told to (its documented {@code SET.guest.*}
     * extra-config keys set the {@code guest} property as Tools would), so a running VM first has no agent, then
     * reports what was set; a powered-off VM has no agent either; an unknown VM is NOT_FOUND.
     */
    @Test
    public void guestInfoIsWhatVmwareToolsReport() throws Exception {
        VmInfo vm = h0.listVms().get(0);
        if (vm.state() != VmInfo.PowerState.RUNNING) {
            h0.start(vm.id());
        }
        GuestInfo none = h0.guestInfo(vm.id());
        assertFalse(none.agentAnswered());
        assertTrue(none.reason(), none.reason().startsWith("VMware Tools are not running in the guest ("));
        assertTrue(none.interfaces().isEmpty() && none.fileSystems().isEmpty());

        try (VimConnection vim = VimConnection.open(
                VimConnection.httpClient(TlsPolicy.INSECURE, Duration.ofSeconds(5)),
                vcenter.url(),
                Duration.ofSeconds(30))) {
            vim.login(Vcsim.USER, Vcsim.PASSWORD.toCharArray());
            MoRef ref = vim.invoke(
                            "FindByUuid",
                            vim.service("searchIndex"),
                            VimElement.el("uuid", vm.id()),
                            VimElement.el("vmSearch", true))
                    .moRef();
            vim.invoke(
                    "ReconfigVM_Task",
                    ref,
                    VimElement.el(
                            "spec",
                            toolsSay("toolsRunningStatus", "guestToolsRunning"),
                            toolsSay("guestId", "debian12_64Guest"),
                            toolsSay("guestFullName", "Debian GNU/Linux 12 (64-bit)"),
                            toolsSay("hostName", "web-1"),
                            toolsSay("ipAddress", "10.0.0.42")));
        }
        GuestInfo guest = h0.guestInfo(vm.id());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!guest.agentAnswered() && System.nanoTime() < deadline) {
            guest = h0.guestInfo(vm.id()); // the reconfiguration is a task: poll until it is done
        }
        assertTrue(guest.reason(), guest.agentAnswered());
        assertEquals("web-1", guest.hostname());
        assertEquals("debian", guest.os().get("id"));
        assertEquals("12", guest.os().get("version-id"));
        assertEquals("Debian GNU/Linux 12 (64-bit)", guest.os().get("pretty-name"));
        assertEquals("Debian GNU/Linux 12", guest.os().get("name"));
        assertTrue(guest.users().isEmpty() && guest.timezone() == null);
        // vcsim puts the address on the first NIC, as Tools list it; the NIC's MAC is the VM's own
        assertFalse(guest.interfaces().isEmpty());
        GuestInfo.Interface nic = guest.interfaces().get(0);
        assertTrue(nic.toString(), nic.name().startsWith("nic-"));
        assertNotNull(nic.mac());
        assertTrue(vcenter.vm(vm.name()), vcenter.vm(vm.name()).toLowerCase().contains(nic.mac()));
        assertEquals(List.of(new GuestInfo.Address("10.0.0.42", 32)), nic.addresses());

        h0.powerOff(vm.id());
        try {
            GuestInfo off = h0.guestInfo(vm.id());
            assertFalse(off.agentAnswered());
            assertTrue(off.reason(), off.reason().contains("poweredOff"));
        } finally {
            h0.start(vm.id());
        }
        expect(Fault.NOT_FOUND, () -> h0.guestInfo(java.util.UUID.randomUUID().toString()));
    }

    /** One {@code guest} property set in vcsim as VMware Tools would report it. */
    private static VimElement toolsSay(String property, String value) {
        return VimElement.el(
                        "extraConfig",
                        VimElement.el("key", "SET.guest." + property),
                        VimElement.el("value", value).typed("xsd:string"))
                .typed("OptionValue");
    }

    @Test
    public void aStandaloneHostOfTheVCenterIsNamedWithoutCluster() {
        HypervisorSession standalone = open("DC0/DC0_H0");
        assertEquals("DC0_H0", standalone.facts().hostname());
        assertEquals(4, standalone.listVms().size());
    }

    @Test
    public void badAddressesAreRefusedWithTheWayOut() {
        DriverException cluster = expect(Fault.UNSUPPORTED, () -> open("DC0/DC0_C0"));
        assertTrue(cluster.getMessage(), cluster.getMessage().contains("DC0/DC0_C0/DC0_C0_H0"));
        DriverException missing = expect(Fault.NOT_FOUND, () -> open("DC0/DC0_C0/nosuchhost"));
        assertTrue(missing.getMessage(), missing.getMessage().contains("DC0/DC0_H0"));
        DriverException notEsx = expect(
                Fault.UNSUPPORTED,
                () -> driver.open(endpoint("esx://" + vcenter.authority() + "/?transport=http", Vcsim.PASSWORD)));
        assertTrue(notEsx.getMessage(), notEsx.getMessage().contains("is a vCenter"));
        expect(Fault.UNSUPPORTED, () -> driver.open(endpoint("qemu:///system", Vcsim.PASSWORD)));
        expect(
                Fault.UNSUPPORTED,
                () -> driver.open(endpoint("vpx://" + vcenter.authority() + "/DC0?bogus=1", Vcsim.PASSWORD)));
    }

    @Test
    public void aWrongPasswordIsAnAuthenticationFailureThatDoesNotShowIt() {
        DriverException e = expect(
                Fault.AUTHENTICATION_FAILED,
                () -> driver.open(
                        endpoint("vpx://" + vcenter.authority() + "/DC0/DC0_H0?transport=http", "not-the-password")));
        assertFalse(e.getMessage().contains("not-the-password"));
        assertTrue(
                "vSphere's own fault type is named: " + e.getMessage(),
                e.getMessage().endsWith("(InvalidLogin)"));
    }

    @Test
    public void aServerThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DriverException e = expect(
                Fault.UNREACHABLE, () -> driver.open(endpoint("esx://127.0.0.1:" + port + "/?transport=http", "x")));
        // Was "...did not answer: ClosedChannelException (Transport)".
        assertEquals(
                "reach http://127.0.0.1:" + port + "/sdk: 127.0.0.1:" + port + " did not answer: connection refused",
                e.getMessage());
    }

    @Test
    public void aServerThatClosesTheConnectionIsUnreachableInWords() throws Exception {
        try (BrokenServer peer = BrokenServer.start(BrokenServer.Behaviour.CLOSES)) {
            DriverException e = expect(
                    Fault.UNREACHABLE,
                    () -> driver.open(endpoint("esx://" + peer.authority() + "/?transport=http", "x")));
            assertEquals(
                    "reach " + peer.sdk() + ": " + peer.authority() + " did not answer: the connection was closed",
                    e.getMessage());
        }
    }

    @Test
    public void aVmDefinedFromTheNeutralSpecIsWhatGovmomiSees() throws Exception {
        String name = "strata-web1";
        vcenter.createDisk("DC0", "[LocalDS_0] " + name + "/disk0.vmdk", 1024);
        VmSpec spec = new VmSpec(
                name,
                null,
                2,
                256,
                VmSpec.GuestMode.HVM,
                List.of(
                        new DiskSpec(
                                DiskSpec.Device.DISK,
                                "[LocalDS_0] " + name + "/disk0.vmdk",
                                "raw",
                                DiskSpec.Bus.VIRTIO,
                                null,
                                false),
                        DiskSpec.cdrom("[LocalDS_0] iso/installer.iso")),
                List.of(NicSpec.network("VM Network")),
                List.of(),
                List.of(VmSpec.BootDevice.NETWORK, VmSpec.BootDevice.DISK),
                null,
                false,
                new ResourceSettings(2000, 50, null, 512L, 128L));
        VmInfo vm = define(spec);
        assertEquals(VmInfo.PowerState.STOPPED, vm.state());
        assertEquals(2, vm.cpus());

        String seen = vcenter.vm(name);
        assertTrue(seen, seen.contains("\"uuid\":\"" + vm.id() + "\""));
        assertTrue(seen, seen.contains("\"host\":\"DC0_C0_H0\""));
        assertTrue(seen, seen.contains("\"cpus\":2,\"memoryMB\":256"));
        assertTrue(seen, seen.contains("[LocalDS_0] " + name + "/disk0.vmdk"));
        assertTrue(seen, seen.contains("\"cdroms\":[\"[LocalDS_0] iso/installer.iso\"]"));
        assertTrue(seen, seen.contains("VM Network"));
        assertTrue(seen, seen.contains("\"bootOrder\":[\"network\",\"disk\"]"));
        assertTrue(seen, seen.contains("\"cpuShares\":2000"));
        assertTrue(seen, seen.contains("\"memoryLimitMB\":512"));
        assertTrue(seen, seen.contains("\"memoryReservationMB\":128"));

        VmSpec described = h0.describe(vm.id());
        assertEquals(vm.id(), described.uuid());
        assertEquals(List.of(VmSpec.BootDevice.NETWORK, VmSpec.BootDevice.DISK), described.bootOrder());
        DiskSpec disk = described.disks().stream()
                .filter(d -> d.device() == DiskSpec.Device.DISK)
                .findFirst()
                .orElseThrow();
        assertEquals("sda", disk.target());
        assertEquals("pvscsi is the paravirtual bus", DiskSpec.Bus.VIRTIO, disk.bus());
        DiskSpec cdrom = described.disks().stream()
                .filter(d -> d.device() == DiskSpec.Device.CDROM)
                .findFirst()
                .orElseThrow();
        assertEquals("hda", cdrom.target());
        assertEquals("VM Network", described.nics().get(0).source());
        assertEquals("vmxnet3", described.nics().get(0).model());
        assertEquals(Integer.valueOf(2000), described.resources().cpuShares());
        assertEquals(Integer.valueOf(50), described.resources().cpuLimitPercent());
        assertEquals(Long.valueOf(512), described.resources().memoryLimitMib());

        expect(Fault.CONFLICT, () -> h0.define(VmSpec.of(name, 1, 64)));
    }

    @Test
    public void whatEsxCannotGiveIsRefusedBeforeAnythingIsMade() {
        int before = h0.listVms().size();
        VmSpec pv = new VmSpec(
                "pv",
                null,
                1,
                64,
                VmSpec.GuestMode.PV,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                null,
                false,
                ResourceSettings.NONE);
        expect(Fault.UNSUPPORTED, () -> h0.define(pv));
        expect(
                Fault.UNSUPPORTED,
                () -> h0.define(
                        VmSpec.of("q", 1, 64).withDisks(List.of(DiskSpec.disk("[LocalDS_0] q/q.qcow2", "qcow2")))));
        expect(
                Fault.UNSUPPORTED,
                () -> h0.define(
                        VmSpec.of("p", 1, 64).withDisks(List.of(DiskSpec.disk("/var/lib/images/p.vmdk", "raw")))));
        expect(Fault.UNSUPPORTED, () -> h0.define(VmSpec.of("s", 1, 64).withSerialNumber("ds=nocloud-net")));
        DriverException net = expect(
                Fault.NOT_FOUND,
                () -> h0.define(VmSpec.of("n", 1, 64).withNics(List.of(NicSpec.network("no-such-net")))));
        assertTrue(net.getMessage(), net.getMessage().contains("VM Network"));
        assertEquals("nothing was made", before, h0.listVms().size());
    }

    @Test
    public void lifecycleChangesAreWhatGovmomiSees() throws Exception {
        VmInfo vm = define(VmSpec.of("strata-life", 1, 64));
        h0.start(vm.id());
        assertTrue(vcenter.vm("strata-life").contains("\"powerState\":\"poweredOn\""));
        expect(Fault.CONFLICT, () -> h0.start(vm.id()));
        h0.suspend(vm.id());
        assertEquals(VmInfo.PowerState.SUSPENDED, h0.vm(vm.id()).state());
        assertTrue(vcenter.vm("strata-life").contains("\"powerState\":\"suspended\""));
        h0.resume(vm.id());
        assertEquals(VmInfo.PowerState.RUNNING, h0.vm(vm.id()).state());
        h0.reboot(vm.id());
        assertEquals(VmInfo.PowerState.RUNNING, h0.vm(vm.id()).state());
        h0.shutdown(vm.id());
        assertTrue(vcenter.vm("strata-life").contains("\"powerState\":\"poweredOff\""));
        // changed from outside: the session reads what the server says
        vcenter.power("strata-life", "on");
        assertEquals(VmInfo.PowerState.RUNNING, h0.vm(vm.id()).state());
        expect(Fault.CONFLICT, () -> h0.undefine(vm.id()));
        h0.powerOff(vm.id());
        h0.undefine(vm.id());
        expect(Fault.NOT_FOUND, () -> h0.vm(vm.id()));
    }

    @Test
    public void changesMadeOutsideStrataArriveAsEvents() throws Exception {
        BlockingQueue<VmEvent> events = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = h0.watch(events::add)) {
            VmInfo vm = define(VmSpec.of("strata-evt", 1, 64));
            assertEquals(VmEvent.Type.DEFINED, next(events, vm.id()).type());
            vcenter.power("strata-evt", "on");
            assertEquals(VmEvent.Type.STARTED, next(events, vm.id()).type());
            vcenter.power("strata-evt", "suspend");
            assertEquals(VmEvent.Type.SUSPENDED, next(events, vm.id()).type());
            vcenter.power("strata-evt", "on");
            assertEquals(VmEvent.Type.RESUMED, next(events, vm.id()).type());
            vcenter.power("strata-evt", "off");
            assertEquals(VmEvent.Type.STOPPED, next(events, vm.id()).type());
            h0.undefine(vm.id());
            assertEquals(VmEvent.Type.UNDEFINED, next(events, vm.id()).type());
        }
    }

    /** The next event of one VM, within 10 s; others are skipped. */
    private static VmEvent next(BlockingQueue<VmEvent> events, String vmId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            VmEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && vmId.equals(e.vmId())) {
                return e;
            }
        }
        throw new AssertionError("no event for " + vmId + " within 10 s");
    }

    @Test
    public void devicesComeAndGoOnARunningVm() throws Exception {
        VmInfo vm = define(VmSpec.of("strata-dev", 1, 64).withNics(List.of(NicSpec.network("VM Network"))));
        h0.start(vm.id());
        for (String disk : List.of("data", "other", "logs")) {
            vcenter.createDisk("DC0", "[LocalDS_0] strata-dev/" + disk + ".vmdk", 1024);
        }
        DiskSpec disk = h0.attachDisk(vm.id(), DiskSpec.disk("[LocalDS_0] strata-dev/data.vmdk", "raw"));
        assertEquals("sda", disk.target());
        assertTrue(vcenter.vm("strata-dev").contains("[LocalDS_0] strata-dev/data.vmdk"));
        expect(
                Fault.CONFLICT,
                () -> h0.attachDisk(
                        vm.id(),
                        DiskSpec.disk("[LocalDS_0] strata-dev/other.vmdk", "raw")
                                .withTarget("sda")));
        DiskSpec second = h0.attachDisk(
                vm.id(),
                DiskSpec.disk("[LocalDS_0] strata-dev/logs.vmdk", "raw").withTarget("sdq"));
        assertEquals("SCSI 1:1 needs a second controller, made on the way", "sdq", second.target());
        h0.detachDisk(vm.id(), "sda");
        String seen = vcenter.vm("strata-dev");
        assertFalse(seen, seen.contains("data.vmdk"));
        assertTrue(seen, seen.contains("logs.vmdk"));
        expect(Fault.NOT_FOUND, () -> h0.detachDisk(vm.id(), "sda"));

        NicSpec nic = h0.attachNic(vm.id(), new NicSpec(NicSpec.Attachment.NETWORK, "DC0_DVPG0", null, "e1000"));
        assertNotNull(nic.mac());
        assertEquals("DC0_DVPG0", nic.source());
        assertEquals("e1000", nic.model());
        assertTrue(vcenter.vm("strata-dev").contains(nic.mac()));
        h0.detachNic(vm.id(), nic.mac());
        assertFalse(vcenter.vm("strata-dev").contains(nic.mac()));
        assertEquals(1, h0.describe(vm.id()).nics().size());
    }

    @Test
    public void resourcesAndStatistics() throws Exception {
        VmInfo vm = define(VmSpec.of("strata-res", 2, 128));
        h0.applyResources(vm.id(), new ResourceSettings(500, null, 25, null, 64L));
        String seen = vcenter.vm("strata-res");
        assertTrue(seen, seen.contains("\"cpuShares\":500"));
        assertTrue(seen, seen.contains("\"memoryReservationMB\":64"));
        ResourceSettings read = h0.describe(vm.id()).resources();
        assertEquals(Integer.valueOf(500), read.cpuShares());
        assertEquals(Integer.valueOf(25), read.cpuReservationPercent());
        assertEquals("untouched fields stay unset", null, read.memoryLimitMib());

        VmStats off = h0.vmStats(vm.id());
        assertEquals(0, off.cpuTimeNanos());
        h0.start(vm.id());
        VmStats first = h0.vmStats(vm.id());
        VmStats second = h0.vmStats(vm.id());
        assertTrue("a counter never goes back", second.cpuTimeNanos() >= first.cpuTimeNanos());
        assertEquals(2, second.cpus());

        HostStats a = h0.hostStats();
        HostStats b = h0.hostStats();
        assertTrue(b.cpuTotalNanos() >= a.cpuTotalNanos());
        assertTrue(b.cpuBusyNanos() <= b.cpuTotalNanos());
        assertTrue(b.memoryTotalBytes() > 0);
    }

    @Test
    public void vMotionMovesARunningVmToAnotherHostOfTheVCenter() throws Exception {
        VmInfo vm = define(VmSpec.of("strata-mig", 1, 64));
        h0.start(vm.id());
        List<Integer> progress = new ArrayList<>();
        VmInfo moved = h0.migrate(
                vm.id(),
                endpoint("vpx://" + vcenter.authority() + "/DC0/DC0_C0/DC0_C0_H2?transport=http", Vcsim.PASSWORD),
                new MigrationMonitor() {
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
        assertTrue(vcenter.vm("strata-mig").contains("\"host\":\"DC0_C0_H2\""));
        assertEquals(Integer.valueOf(100), progress.get(progress.size() - 1));
        expect(Fault.NOT_FOUND, () -> h0.vm(vm.id()));
        HypervisorSession h2 = open("DC0/DC0_C0/DC0_C0_H2");
        assertEquals(VmInfo.PowerState.RUNNING, h2.vm(vm.id()).state());
        h2.powerOff(vm.id());
        h2.undefine(vm.id());
        defined.remove(vm.id());

        expect(
                Fault.UNSUPPORTED,
                () -> h0.migrate(
                        h0.listVms().get(0).id(),
                        endpoint("vpx://127.0.0.2:1/DC0/DC0_C0/DC0_C0_H1", Vcsim.PASSWORD),
                        null));
    }

    @Test
    public void aStandaloneEsxHostOverTlsWithItsCertificatePinned() throws Exception {
        try (Vcsim esx = Vcsim.start("-esx", "-tls")) {
            DriverException untrusted = expect(
                    Fault.AUTHENTICATION_FAILED,
                    () -> driver.open(endpoint("esx://" + esx.authority() + "/", Vcsim.PASSWORD)));
            assertTrue(
                    "the refusal names the thumbprint to pin: " + untrusted.getMessage(),
                    untrusted.getMessage().contains(esx.thumbprint()));
            // The JDK's reason embeds "sun.security.provider.certpath.SunCertPathBuilderException: ".
            assertTrue(
                    untrusted.getMessage(),
                    untrusted
                            .getMessage()
                            .contains(
                                    ": TLS handshake failed: the server's "
                                            + "certificate is not trusted (PKIX path building failed: unable to find valid certification path"));
            assertFalse(
                    untrusted.getMessage(),
                    untrusted.getMessage().contains("Exception")
                            || untrusted.getMessage().contains("CertificateNotTrusted"));
            expect(
                    Fault.AUTHENTICATION_FAILED,
                    () -> driver.open(
                            endpoint("esx://" + esx.authority() + "/?thumbprint=" + "00".repeat(32), Vcsim.PASSWORD)));

            try (HypervisorSession s = driver.open(
                    endpoint("esx://" + esx.authority() + "/?thumbprint=" + esx.thumbprint(), Vcsim.PASSWORD))) {
                HostFacts facts = s.facts();
                assertTrue("no vMotion without a vCenter", facts.unavailable().contains(Capability.LIVE_MIGRATION));
                assertEquals(2, s.listVms().size());
                VmInfo vm = s.define(VmSpec.of("on-esx", 1, 64));
                s.start(vm.id());
                assertTrue(esx.vm("on-esx").contains("poweredOn"));
                expect(Fault.UNSUPPORTED, () -> s.migrate(vm.id(), endpoint("esx://127.0.0.1:1/", "x"), null));
            }
            try (HypervisorSession s =
                    driver.open(endpoint("esx://" + esx.authority() + "/?no_verify=1", Vcsim.PASSWORD))) {
                assertEquals(3, s.listVms().size());
            }
        }
    }

    private VmInfo define(VmSpec spec) {
        VmInfo vm = h0.define(spec);
        defined.add(vm.id());
        return vm;
    }

    static DriverException expect(Fault fault, Runnable call) {
        try {
            call.run();
        } catch (DriverException e) {
            assertEquals(e.getMessage(), fault, e.fault());
            return e;
        }
        fail("expected " + fault);
        return null;
    }
}

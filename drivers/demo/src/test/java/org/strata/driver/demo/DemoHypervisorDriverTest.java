package org.strata.driver.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

/**
 * What is particular to the demo driver, against the real libvirt test driver (Debian's libvirt0); what every
 * hypervisor driver must do is checked by the test kit in {@link DemoDriverContractTest}.
 */
public class DemoHypervisorDriverTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final DemoHypervisorDriver driver = new DemoHypervisorDriver();

    /** A host of its own per test: test:///default is shared by every connection in the JVM. */
    private Endpoint privateHost() throws Exception {
        Path file = folder.newFile("host.xml").toPath();
        Files.writeString(file, """
                <node>
                  <cpu><mhz>2400</mhz><model>demo-cpu</model><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>
                  <memory>8388608</memory>
                  <domain type='test'>
                    <name>web1</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                    <memory>524288</memory><vcpu>2</vcpu><os><type>hvm</type></os>
                  </domain>
                  <domain type='test'>
                    <name>db1</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e1940</uuid>
                    <memory>1048576</memory><vcpu>1</vcpu><os><type>hvm</type></os>
                  </domain>
                </node>
                """);
        return Endpoint.of("test://" + file.toAbsolutePath());
    }

    @Test
    public void describesItselfAsAHypervisorThatCanOnlyPowerVms() {
        assertEquals("demo", driver.descriptor().id());
        assertEquals(DriverKind.HYPERVISOR, driver.descriptor().kind());
        assertTrue(driver.descriptor().can(Capability.VM_POWER));
        assertFalse(driver.descriptor().can(Capability.LIVE_MIGRATION));
    }

    @Test
    public void readsHostFactsAndVms() throws Exception {
        try (HypervisorSession session = driver.open(privateHost())) {
            assertEquals(4, session.facts().cpus());
            assertEquals(8388608L * 1024, session.facts().memoryBytes());
            List<VmInfo> vms = session.listVms();
            assertEquals(2, vms.size());
            VmInfo web = session.vm("6695eb01-f6a4-8304-79aa-97f2502e193f");
            assertEquals("web1", web.name());
            assertEquals(2, web.vcpus());
            assertEquals(512L * 1024 * 1024, web.memoryBytes());
        }
    }

    @Test
    public void refusesAddressesThatAreNotTestUris() {
        DriverException e = assertThrows(DriverException.class, () -> driver.open(Endpoint.of("qemu:///system")));
        assertEquals(Fault.UNSUPPORTED, e.fault());
    }

    @Test
    public void defaultTestHostHasItsDemoVm() {
        try (HypervisorSession session = driver.open(Endpoint.of("test:///default"))) {
            assertTrue(session.listVms().stream().anyMatch(vm -> vm.name().equals("test")));
        }
    }
}

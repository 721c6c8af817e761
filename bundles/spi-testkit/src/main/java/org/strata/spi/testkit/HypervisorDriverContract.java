package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

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
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

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
 */
public abstract class HypervisorDriverContract {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

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
        return "kit-s3cret-" + getClass().getSimpleName();
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
        assertTrue("id '" + d.id() + "' is lower case, starts with a letter", ID.matcher(d.id()).matches());
        assertEquals(DriverKind.HYPERVISOR, d.kind());
        assertFalse("vendor", d.vendor().isBlank());
        assertFalse("version", d.version().isBlank());
        assertEquals("the descriptor is constant", d, driver.descriptor());
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
        assertEquals("ids are unique", vms.size(), vms.stream().map(VmInfo::id).distinct().count());
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
            return;
        }
        if (vm.state() != VmInfo.PowerState.RUNNING) {
            session.start(vm.id());
        }
        assertEquals(VmInfo.PowerState.RUNNING, session.vm(vm.id()).state());
        expectFault(Fault.CONFLICT, () -> session.start(vm.id()));

        session.powerOff(vm.id());
        assertEquals(VmInfo.PowerState.STOPPED, session.vm(vm.id()).state());
        expectFault(Fault.CONFLICT, () -> session.powerOff(vm.id()));

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
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse("an error message shows the password", String.valueOf(t.getMessage()).contains(secret()));
            }
        }
    }

    /** Runs a call that must fail with one fault; anything else fails the test with what happened. */
    protected static void expectFault(Fault fault, Runnable call) {
        try {
            call.run();
        } catch (DriverException e) {
            assertEquals(e.getMessage(), fault, e.fault());
            assertFalse("a fault has a message for the operator", e.getMessage() == null || e.getMessage().isBlank());
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("expected DriverException(" + fault + "), got " + e, e);
        }
        fail("expected DriverException(" + fault + ")");
    }
}

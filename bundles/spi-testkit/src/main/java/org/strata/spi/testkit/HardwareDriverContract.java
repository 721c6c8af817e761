package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
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
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.BmcSession.BootDevice;
import org.strata.spi.hardware.BmcSession.ChassisPower;
import org.strata.spi.hardware.BmcSession.PowerAction;
import org.strata.spi.hardware.FruInfo;
import org.strata.spi.hardware.HardwareDriver;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;

/**
 * What the platform relies on from every hardware driver. Extend it in your driver's tests, give it your driver and
 * a way to reach a test BMC, and run it with JUnit 4:
 *
 * <pre>
 * public class AcmeBmcContractTest extends HardwareDriverContract {
 *     protected HardwareDriver driver() { return new AcmeBmcDriver(); }
 *     protected Endpoint freshBmc() { return new Endpoint("127.0.0.1:9623", "admin", Secret.of(secret()), null); }
 * }
 * </pre>
 *
 * Run it against a real BMC or a simulator of one (OpenIPMI's ipmi_sim, a Redfish emulator): a fake would only test
 * your fake.
 *
 * <p>Every optional operation has one test that checks both cases: a driver that lists the capability must do it,
 * one that does not must answer {@code UNSUPPORTED}. No test is ever skipped. The kit changes the chassis power and
 * the boot device of the BMC it is given, so give it one per test. Firmware is never really updated: with
 * {@code FIRMWARE_UPDATE} the kit only checks that an empty image is refused with a fault other than
 * {@code UNSUPPORTED}.
 */
public abstract class HardwareDriverContract {

    private HardwareDriver driver;
    private Endpoint bmc;
    private BmcSession session;

    /** A new instance of the driver under test. */
    protected abstract HardwareDriver driver() throws Exception;

    /**
     * A BMC for one test, whose state (chassis power, boot device) no other test sees. Its password must be
     * {@link #secret()}.
     */
    protected abstract Endpoint freshBmc() throws Exception;

    /** The BMC's password: the kit checks never to see it, or a wrong one, in an error message. */
    protected String secret() {
        return KitChecks.secretFor(getClass());
    }

    /** Releases what {@link #driver()} holds (sockets, threads); nothing by default. */
    protected void dispose(HardwareDriver driver) throws Exception {}

    /**
     * How long the kit waits for the chassis to reach the power state asked for: the platform reads the state back
     * after a change, so a driver need not wait itself (see {@link BmcSession}).
     */
    protected Duration settleTimeout() {
        return Duration.ofSeconds(10);
    }

    @Before
    public final void openSession() throws Exception {
        driver = driver();
        bmc = freshBmc();
        session = driver.open(bmc);
        assertNotNull("open() returns a session", session);
    }

    @After
    public final void closeSession() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (driver != null) {
                dispose(driver);
            }
        }
    }

    @Test
    public void describesItself() {
        DriverDescriptor d = driver.descriptor();
        KitChecks.assertDescribes(DriverKind.HARDWARE, d, driver.descriptor());
        assertTrue(
                "the test BMC's user name is one the vocabulary takes",
                d.accepts().acceptsUserName(bmc.username()));
        assertTrue(
                "the test BMC's password is one the vocabulary takes",
                d.accepts().acceptsPassword(secret()));
    }

    @Test
    public void saysWhoItIsTheSameEachTime() {
        BmcIdentity first = session.identity();
        assertNotNull(first);
        try (BmcSession again = driver.open(bmc)) {
            assertEquals("a BMC is recognised by what it says of itself", first, again.identity());
        }
        assertEquals(first, session.identity());
    }

    @Test
    public void closingTwiceIsQuiet() {
        BmcSession other = driver.open(bmc);
        other.close();
        other.close();
    }

    @Test
    public void aWrongPasswordIsRefusedWithoutShowingIt() {
        String wrong = secret() + "-wrong";
        Endpoint withWrong = new Endpoint(bmc.address(), bmc.username(), Secret.of(wrong), bmc.options());
        try (BmcSession s = driver.open(withWrong)) {
            s.identity();
            fail("a wrong password was taken");
        } catch (DriverException e) {
            assertEquals(e.getMessage(), Fault.AUTHENTICATION_FAILED, e.fault());
            KitChecks.assertShowsNoSecret(e, wrong, secret());
        }
    }

    // ---- optional operations

    @Test
    public void powerMatchesTheDeclaredCapability() throws Exception {
        if (!can(Capability.POWER_CONTROL)) {
            expectFault(Fault.UNSUPPORTED, () -> session.powerState());
            expectFault(Fault.UNSUPPORTED, () -> session.power(PowerAction.ON));
            return;
        }
        assertNotNull(session.powerState());
        session.power(PowerAction.ON);
        awaitPower(ChassisPower.ON);
        session.power(PowerAction.OFF);
        awaitPower(ChassisPower.OFF);
        session.power(PowerAction.ON);
        awaitPower(ChassisPower.ON);
        session.power(PowerAction.RESET);
        awaitPower(ChassisPower.ON);
    }

    @Test
    public void bootDeviceMatchesTheDeclaredCapability() {
        if (!can(Capability.BOOT_DEVICE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.bootDevice(BootDevice.PXE, false));
            expectFault(Fault.UNSUPPORTED, () -> session.bootDevice());
            return;
        }
        for (BootDevice device : BootDevice.values()) {
            session.bootDevice(device, device == BootDevice.DISK);
            assertEquals("the boot device reads back", device, session.bootDevice());
        }
    }

    @Test
    public void sensorsMatchTheDeclaredCapability() {
        if (!can(Capability.SENSORS)) {
            expectFault(Fault.UNSUPPORTED, () -> session.sensors());
            return;
        }
        List<SensorReading> sensors = session.sensors();
        assertNotNull(sensors);
        for (SensorReading r : sensors) {
            assertFalse(
                    "a sensor has a name: " + r, r.name() == null || r.name().isBlank());
            assertNotNull("a sensor has a type: " + r, r.type());
            assertNotNull("a sensor has a status: " + r, r.status());
            assertOrdered(
                    r,
                    r.lowerNonRecoverable(),
                    r.lowerCritical(),
                    r.lowerNonCritical(),
                    r.upperNonCritical(),
                    r.upperCritical(),
                    r.upperNonRecoverable());
        }
    }

    @Test
    public void inventoryMatchesTheDeclaredCapability() {
        if (!can(Capability.HARDWARE_INVENTORY)) {
            expectFault(Fault.UNSUPPORTED, () -> session.fru());
            expectFault(Fault.UNSUPPORTED, () -> session.eventLog());
            return;
        }
        List<FruInfo> fru = session.fru();
        assertNotNull(fru);
        assertEquals(
                "FRU device ids are unique",
                fru.size(),
                fru.stream().mapToInt(FruInfo::device).distinct().count());
        List<SelEntry> log = session.eventLog();
        assertNotNull(log);
        for (int i = 1; i < log.size(); i++) {
            assertTrue(
                    "the event log is oldest first: " + log,
                    log.get(i - 1).recordId() < log.get(i).recordId());
        }
        for (SelEntry e : log) {
            assertFalse(
                    "an event says what happened: " + e,
                    e.description() == null || e.description().isBlank());
        }
    }

    @Test
    public void firmwareUpdateMatchesTheDeclaredCapability() {
        if (!can(Capability.FIRMWARE_UPDATE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.updateFirmware(new byte[] {0}));
            return;
        }
        DriverException e = expectAnyFault(() -> session.updateFirmware(new byte[0]));
        assertNotEquals(
                "a driver that declares FIRMWARE_UPDATE refuses an empty image, not the operation",
                Fault.UNSUPPORTED,
                e.fault());
    }

    // ---- helpers

    protected final boolean can(Capability capability) {
        return driver.descriptor().can(capability);
    }

    private void awaitPower(ChassisPower expected) throws InterruptedException {
        long deadline = System.nanoTime() + settleTimeout().toNanos();
        ChassisPower state = session.powerState();
        while (state != expected && System.nanoTime() < deadline) {
            // The chassis follows in its own time; polling, as the platform does, is the only way to see it.
            Thread.sleep(50);
            state = session.powerState();
        }
        assertEquals("the chassis power after the change, within " + settleTimeout(), expected, state);
    }

    private static void assertOrdered(SensorReading r, Double... thresholds) {
        Double last = null;
        for (Double t : thresholds) {
            if (t != null) {
                assertTrue(
                        "thresholds go from lower non-recoverable up to upper non-recoverable: " + r,
                        last == null || last <= t);
                last = t;
            }
        }
    }

    /** Runs a call that must fail with one fault; anything else fails the test with what happened. */
    protected static void expectFault(Fault fault, Runnable call) {
        KitChecks.expectFault(fault, call);
    }

    /** Runs a call that must fail with a DriverException whose message is in words. */
    protected static DriverException expectAnyFault(Runnable call) {
        return KitChecks.expectAnyFault(call);
    }
}

package org.strata.driver.ipmi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.driver.ipmi.IpmiSimulators.Bmc;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.BmcSession.BootDevice;
import org.strata.spi.hardware.BmcSession.ChassisPower;
import org.strata.spi.hardware.BmcSession.PowerAction;
import org.strata.spi.hardware.FruInfo;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;
import org.strata.spi.hardware.SensorReading.Status;

/**
 * The IPMI driver against real ipmi_sim BMCs; what it changed is checked from outside with ipmitool. Each test
 * has its own simulator (they change state), the parallel test uses them all.
 */
public class IpmiDriverTest {

    private static final int IDENTITY = 0;
    private static final int POWER = 1;
    private static final int BOOT = 2;
    private static final int SENSORS = 3;
    private static final int SEL = 4;
    private static final int SPARE = 5;

    @ClassRule
    public static final IpmiSimulators SIM = new IpmiSimulators("drv", 6);

    private static IpmiDriver driver;

    @BeforeClass
    public static void startDriver() {
        driver = new IpmiDriver(8);
    }

    @AfterClass
    public static void stopDriver() {
        driver.deactivate();
    }

    @Test
    public void describesItselfWithoutFirmwareUpdate() {
        assertEquals("ipmi", driver.descriptor().id());
        assertTrue(driver.descriptor().can(Capability.POWER_CONTROL));
        assertTrue(driver.descriptor().can(Capability.BOOT_DEVICE));
        assertTrue(driver.descriptor().can(Capability.SENSORS));
        assertTrue(driver.descriptor().can(Capability.HARDWARE_INVENTORY));
        assertFalse(driver.descriptor().can(Capability.FIRMWARE_UPDATE));
        assertTrue(driver.descriptor().description().contains("no firmware update"));
        try (BmcSession s = driver.open(SIM.get(SPARE).endpoint())) {
            s.updateFirmware(new byte[] {1});
            fail("firmware update accepted");
        } catch (DriverException e) {
            assertEquals(Fault.UNSUPPORTED, e.fault());
        }
    }

    @Test
    public void identityHasGuidVendorProductAndFirmware() throws Exception {
        Bmc bmc = SIM.get(IDENTITY);
        BmcIdentity id;
        try (BmcSession s = driver.open(bmc.endpoint())) {
            id = s.identity();
        }
        // ipmi_sim sends the GUID of its lan.conf byte for byte; ipmitool prints it with or without dashes.
        String fromIpmitool = IpmiSimulators.ipmitool(bmc, "mc", "guid")
                .lines()
                .filter(l -> l.startsWith("System GUID"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*:\\s*", "")
                .trim();
        assertEquals(
                fromIpmitool.replace("-", "").toLowerCase(java.util.Locale.ROOT),
                id.guid().replace("-", ""));
        assertTrue(id.guid(), id.guid().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals(bmc.guid(), id.guid().replace("-", ""));
        assertEquals("47488", id.manufacturer()); // not an IANA number the driver names
        assertEquals(Integer.toString(0x1234), id.product());
        assertEquals("2.17", id.firmwareRevision());
        try (BmcSession again = driver.open(bmc.endpoint())) {
            assertEquals(id, again.identity());
        }
        assertFalse(id.guid().equals(identityOf(SIM.get(SPARE)).guid()));
    }

    @Test
    public void powerChangesAreSeenFromOutside() throws Exception {
        Bmc bmc = SIM.get(POWER);
        try (BmcSession s = driver.open(bmc.endpoint())) {
            s.power(PowerAction.ON);
            assertEquals(ChassisPower.ON, s.powerState());
            assertTrue(
                    IpmiSimulators.ipmitool(bmc, "chassis", "power", "status").contains("Power is on"));

            s.power(PowerAction.OFF);
            assertEquals(ChassisPower.OFF, s.powerState());
            assertTrue(
                    IpmiSimulators.ipmitool(bmc, "chassis", "power", "status").contains("Power is off"));

            s.power(PowerAction.ON);
            s.power(PowerAction.CYCLE);
            assertTrue(IpmiSimulators.changes(bmc).contains("power 0"));
            // The simulator powers on again about a second after the cycle's power off.
            eventually(() ->
                    IpmiSimulators.ipmitool(bmc, "chassis", "power", "status").contains("Power is on"));
            assertEquals(ChassisPower.ON, s.powerState());

            s.power(PowerAction.RESET);
            assertTrue(IpmiSimulators.changes(bmc).contains("reset 1"));
            assertEquals(ChassisPower.ON, s.powerState());

            s.power(PowerAction.SOFT_OFF);
            assertTrue(IpmiSimulators.changes(bmc).contains("shutdown 1"));
            eventually(() ->
                    IpmiSimulators.ipmitool(bmc, "chassis", "power", "status").contains("Power is off"));
            assertEquals(ChassisPower.OFF, s.powerState());

            s.power(PowerAction.IDENTIFY);
            assertTrue(IpmiSimulators.changes(bmc).contains("identify 15"));
        }
    }

    @Test
    public void bootDeviceIsSetAndReadBack() throws Exception {
        Bmc bmc = SIM.get(BOOT);
        try (BmcSession s = driver.open(bmc.endpoint())) {
            Map<BootDevice, String> shown = Map.of(
                    BootDevice.PXE,
                    "Force PXE",
                    BootDevice.CDROM,
                    "Force Boot from CD/DVD",
                    BootDevice.BIOS,
                    "Force Boot into BIOS Setup",
                    BootDevice.DISK,
                    "Force Boot from default Hard-Drive");
            for (BootDevice device : List.of(BootDevice.PXE, BootDevice.CDROM, BootDevice.BIOS, BootDevice.DISK)) {
                s.bootDevice(device, device == BootDevice.PXE);
                assertEquals(device, s.bootDevice());
                String param = IpmiSimulators.ipmitool(bmc, "chassis", "bootparam", "get", "5");
                assertTrue(device + ": " + param, param.contains(shown.get(device)));
            }
        }
    }

    @Test
    public void sensorsHaveUnitsThresholdsAndStatus() throws Exception {
        Bmc bmc = SIM.get(SENSORS);
        try (BmcSession s = driver.open(bmc.endpoint())) {
            SensorReading temp = sensor(s, "CPU Temp");
            assertEquals("Temperature", temp.type());
            assertEquals("degrees C", temp.unit());
            assertEquals(40.0, temp.value(), 1e-9);
            assertEquals(5.0, temp.lowerCritical(), 1e-9);
            assertEquals(10.0, temp.lowerNonCritical(), 1e-9);
            assertEquals(75.0, temp.upperNonCritical(), 1e-9);
            assertEquals(85.0, temp.upperCritical(), 1e-9);
            assertEquals(95.0, temp.upperNonRecoverable(), 1e-9);
            assertEquals(Status.NORMAL, temp.status());

            SensorReading fan = sensor(s, "Fan 1");
            assertEquals("Fan", fan.type());
            assertEquals("RPM", fan.unit());
            assertEquals(3000.0, fan.value(), 1e-9);
            assertEquals(200.0, fan.lowerNonRecoverable(), 1e-9);
            assertEquals(500.0, fan.lowerCritical(), 1e-9);
            assertEquals(800.0, fan.lowerNonCritical(), 1e-9);
            assertNull(fan.upperCritical());
            assertEquals(Status.NORMAL, fan.status());

            // M, B, K1 and K2 together: (6 x 192 + 5 x 10^1) x 10^-2
            SensorReading rail = sensor(s, "12V Rail");
            assertEquals("Volts", rail.unit());
            assertEquals(12.02, rail.value(), 1e-9);
            assertEquals(10.7, rail.lowerCritical(), 1e-9);
            assertEquals(13.1, rail.upperCritical(), 1e-9);
            assertNull(rail.upperNonCritical());

            SensorReading psu = sensor(s, "PS1 Status"); // compact record, discrete
            assertEquals("Power Supply", psu.type());
            assertNull(psu.unit());
            assertEquals(Status.NORMAL, psu.status());

            SIM.setSensor(bmc, 1, 90);
            assertEquals(Status.CRITICAL, sensor(s, "CPU Temp").status());
            assertEquals(90.0, sensor(s, "CPU Temp").value(), 1e-9);
            SIM.setSensor(bmc, 1, 80);
            assertEquals(Status.WARNING, sensor(s, "CPU Temp").status());
            SIM.setSensor(bmc, 1, 99);
            assertEquals(Status.NON_RECOVERABLE, sensor(s, "CPU Temp").status());
            SIM.setSensor(bmc, 1, 2);
            assertEquals(Status.CRITICAL, sensor(s, "CPU Temp").status());

            SIM.setSensor(bmc, 2, 8); // 400 RPM: below lower critical, above lower non-recoverable
            SensorReading slow = sensor(s, "Fan 1");
            assertEquals(400.0, slow.value(), 1e-9);
            assertEquals(Status.CRITICAL, slow.status());
            SIM.setSensor(bmc, 2, 14); // 700 RPM
            assertEquals(Status.WARNING, sensor(s, "Fan 1").status());
            SIM.setSensor(bmc, 2, 0); // stopped
            assertEquals(Status.NON_RECOVERABLE, sensor(s, "Fan 1").status());
            SIM.setSensor(bmc, 2, 60);
            assertEquals(Status.NORMAL, sensor(s, "Fan 1").status());
        }
    }

    @Test
    public void fruFieldsAreDecoded() {
        try (BmcSession s = driver.open(SIM.get(IDENTITY).endpoint())) {
            List<FruInfo> fru = s.fru();
            assertEquals(1, fru.size());
            FruInfo f = fru.get(0);
            assertEquals(0, f.device());
            assertEquals("Rack Mount Chassis", f.chassisType());
            assertEquals("CH-1000", f.chassisPartNumber());
            assertEquals("CHS0042", f.chassisSerial()); // 6-bit packed ASCII
            assertEquals("Strata Labs", f.boardManufacturer());
            assertEquals("SIM-BOARD", f.boardProduct());
            assertEquals("1234-5678", f.boardSerial()); // BCD plus
            assertEquals("BRD-001", f.boardPartNumber()); // 6-bit packed ASCII
            assertEquals("Strata", f.productManufacturer());
            assertEquals("Strata Sim Server", f.productName());
            assertEquals("SSS-1", f.productPartNumber());
            assertEquals("1.0", f.productVersion());
            assertEquals("PRD0001", f.productSerial());
        }
    }

    @Test
    public void eventLogHasThresholdEvents() throws Exception {
        Bmc bmc = SIM.get(SEL);
        try (BmcSession s = driver.open(bmc.endpoint())) {
            assertTrue(s.eventLog().isEmpty());
            SIM.setSensor(bmc, 1, 90);
            SIM.setSensor(bmc, 2, 8);
            List<SelEntry> log = s.eventLog();
            String outside = IpmiSimulators.ipmitool(bmc, "sel", "list");
            assertEquals(outside, outside.strip().lines().count(), log.size());
            SelEntry hot = log.stream()
                    .filter(e -> e.description().equals("Upper Critical going high"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no upper critical event in " + log));
            assertEquals("Temperature", hot.sensorType());
            assertEquals("CPU Temp", hot.sensor());
            assertTrue(hot.asserted());
            assertNull(hot.at()); // ipmi_sim's clock is "pre-init"
            SelEntry fan = log.stream()
                    .filter(e -> e.description().equals("Lower Critical going low"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no lower critical event in " + log));
            assertEquals("Fan", fan.sensorType());
            assertEquals("Fan 1", fan.sensor());
            for (int i = 1; i < log.size(); i++) {
                assertTrue(log.get(i - 1).recordId() < log.get(i).recordId());
            }
        }
    }

    @Test
    public void wrongPasswordIsAuthenticationFailed() {
        Bmc bmc = SIM.get(SPARE);
        for (Endpoint e : List.of(
                new Endpoint("127.0.0.1:" + bmc.port(), "admin", Secret.of("wrong"), Map.of()),
                new Endpoint("127.0.0.1:" + bmc.port(), "nobody", Secret.of(IpmiSimulators.PASSWORD), Map.of()))) {
            try (BmcSession s = driver.open(e)) {
                fail("opened with " + e.username() + " / wrong password");
            } catch (DriverException x) {
                assertEquals(x.getMessage(), Fault.AUTHENTICATION_FAILED, x.fault());
                assertFalse(x.getMessage().contains(IpmiSimulators.PASSWORD));
            }
        }
    }

    @Test
    public void deadPortIsUnreachableQuickly() throws Exception {
        int dead = IpmiSimulators.freeUdpPort();
        long start = System.nanoTime();
        try (BmcSession s =
                driver.open(new Endpoint("127.0.0.1:" + dead, "admin", Secret.of("x"), Map.of("timeout.ms", "400")))) {
            fail("opened a session with nobody");
        } catch (DriverException e) {
            assertEquals(Fault.UNREACHABLE, e.fault());
            assertEquals("no BMC answered at 127.0.0.1:" + dead + " within 400 ms", e.getMessage());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue("took " + ms + " ms", ms < 3000);
    }

    @Test
    public void sessionSurvivesABmcRestart() throws Exception {
        Bmc bmc = SIM.get(SPARE);
        try (BmcSession s = driver.open(bmc.endpoint(Map.of("timeout.ms", "600")))) {
            String guid = s.identity().guid();
            SIM.restart(bmc);
            // The restarted BMC knows no session: the driver opens a new one and answers as before.
            assertEquals(guid, s.identity().guid());
            assertNotNull(s.powerState());
        }
        BmcSession closed = driver.open(bmc.endpoint());
        closed.close();
        try {
            closed.powerState();
            fail("a closed session answered");
        } catch (DriverException e) {
            assertEquals(Fault.DRIVER_FAILURE, e.fault());
        }
    }

    @Test
    public void badAddressAndOptionsAreClearErrors() {
        for (Endpoint e : List.of(
                Endpoint.of("host:notaport"),
                Endpoint.of(""),
                new Endpoint("127.0.0.1:623", "a", null, Map.of("timeout.ms", "soon")))) {
            try (BmcSession s = driver.open(e)) {
                fail("accepted " + e);
            } catch (DriverException x) {
                assertEquals(Fault.DRIVER_FAILURE, x.fault());
            }
        }
    }

    /** Many sessions opened at once on a small shared pool (the RAKP race of ipmi-java's connector). */
    @Test
    public void manyBmcsFromManyThreads() throws Exception {
        List<Bmc> all = SIM.all();
        ExecutorService threads = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (Bmc bmc : all) {
                    results.add(threads.submit(() -> {
                        try (BmcSession s = driver.open(bmc.endpoint())) {
                            assertNotNull(s.powerState());
                            return bmc.name() + "=" + s.identity().guid();
                        }
                    }));
                }
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : results) {
                distinct.add(f.get());
            }
            assertEquals(all.size(), distinct.size()); // every BMC always answered as itself
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void sessionsWalkingOneBmcsSensorsAtOnceAllReadThemAll() throws Exception {
        // Each session walks the sensor repository under a reservation of its own, and a BMC keeps one: walkers that
        // retried at once cancelled each other until all gave up (0xC5). The spare BMC: no other test reads it.
        Bmc bmc = SIM.get(SPARE);
        int walkers = 4;
        ExecutorService threads = Executors.newFixedThreadPool(walkers);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(walkers);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < walkers; i++) {
                counts.add(threads.submit(() -> {
                    try (BmcSession s = driver.open(bmc.endpoint())) {
                        together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        return s.sensors().size();
                    }
                }));
            }
            Set<Integer> seen = new HashSet<>();
            for (Future<Integer> count : counts) {
                seen.add(count.get());
            }
            assertEquals(Set.of(4), seen);
        } finally {
            threads.shutdownNow();
        }
    }

    private static BmcIdentity identityOf(Bmc bmc) {
        try (BmcSession s = driver.open(bmc.endpoint())) {
            return s.identity();
        }
    }

    private static SensorReading sensor(BmcSession s, String name) {
        return s.sensors().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sensor " + name + " in " + s.sensors()));
    }

    private static void eventually(Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                fail("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}

package org.strata.core.hardware;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.inventory.HostSpec;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryBmcForTests;
import org.strata.core.MutableClockForTests;
import org.strata.repository.MachineIdentity;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.hardware.BmcSession.BootDevice;
import org.strata.spi.hardware.BmcSession.ChassisPower;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;
import org.strata.spi.hardware.SensorReading.Status;

public class HardwareManagerTest {

    private static final String GUID = "6b1d2c3e-aaaa-4bbb-8ccc-000000000001";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private MutableClockForTests clock;
    private ScheduledExecutorService scheduler;
    private HardwareManager hardware;
    private final InMemoryBmcForTests bmcs = new InMemoryBmcForTests(
            "membmc",
            EnumSet.of(
                    Capability.POWER_CONTROL,
                    Capability.BOOT_DEVICE,
                    Capability.SENSORS,
                    Capability.HARDWARE_INVENTORY));
    private final InMemoryBmcForTests bare = new InMemoryBmcForTests("barebmc", EnumSet.noneOf(Capability.class));
    private InMemoryBmcForTests.Bmc bmc;
    private StoredHost host;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        clock = new MutableClockForTests(Instant.parse("2026-11-25T10:00:00Z"));
        scheduler = Executors.newSingleThreadScheduledExecutor();
        hardware = new HardwareManager(
                bed.repository,
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.tasks,
                bed.events,
                bed.metrics,
                clock,
                scheduler,
                new HardwareManager.Tuning(
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        4,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(10)));
        bed.drivers.register(bmcs, "bmc.bundle", 30L);
        bed.drivers.register(bare, "bare.bundle", 31L);
        bmc = bmcs.add("127.0.0.1:9001", GUID, "admin", "pw1");
        host = machine("m1", "membmc", "127.0.0.1:9001", GUID, "pw1");
    }

    @After
    public void close() {
        hardware.close();
        bed.close();
    }

    private StoredHost machine(String name, String driver, String address, String guid, String password) {
        return bed.repository.createMachine(
                new HostSpec(name, bed.dc.id(), null, driver, address, "admin", password),
                new MachineIdentity(guid, null, null, null),
                "alice");
    }

    private List<Event> events(String type) {
        return bed.events.events(host.id(), new PageRequest(0, 500)).items().stream()
                .filter(e -> e.type().equals(type))
                .toList();
    }

    @Test
    public void powerActionsAreTasksWhoseResultIsTheStateReadBack() throws Exception {
        assertEquals("OFF", hardware.powerState(host.id()));
        assertEquals("ON", bed.done(hardware.power(host.id(), "on", "alice")).result());
        assertEquals(ChassisPower.ON, bmc.power);
        assertEquals("ON", hardware.powerState(host.id()));
        assertEquals("ON", bed.done(hardware.power(host.id(), "cycle", "alice")).result());
        // Names are exact, as REST and SOAP always had them: the shell, REST and SOAP refuse " Cycle " alike.
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(StrataException.class, () -> hardware.power(host.id(), " Cycle ", "alice"))
                        .code());
        assertEquals(
                "OFF", bed.done(hardware.power(host.id(), "softoff", "alice")).result());
        assertEquals("ON", bed.done(hardware.power(host.id(), "reset", "alice")).result());
        assertEquals("OFF", bed.done(hardware.power(host.id(), "off", "alice")).result());
        assertEquals(
                "OFF", bed.done(hardware.power(host.id(), "identify", "alice")).result());
        assertEquals(1, bmc.identifyCount.get());
        List<Event> power = events("MACHINE_POWER");
        assertEquals(6, power.size());
        assertTrue(
                power.get(0).message(),
                power.get(0).message().contains("identify")
                        && power.get(0).message().contains("OFF"));
    }

    @Test
    public void badInputIsRefusedBeforeAnyTask() {
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.power(host.id(), "explode", "alice"));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.power(host.id(), null, "alice"));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.bootDevice(host.id(), "floppy", false, "alice"));
        bed.refused(ErrorCode.NOT_FOUND, () -> hardware.power("nobody", "on", "alice"));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.power(" ", "on", "alice"));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.sensorHistory(host.id(), "", null, null));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.updateFirmware(host.id(), "/no/such/image.bin", "alice"));
        bed.refused(ErrorCode.INVALID_INPUT, () -> hardware.updateFirmware(host.id(), "relative.bin", "alice"));
        // A hypervisor host is not a machine.
        String kvm = bed.addHost("kvm-1", "mem://1").id();
        StrataException notAMachine = bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.power(kvm, "on", "alice"));
        // The same while the hypervisor's driver is away: its kind is stored with it.
        bed.drivers.unregister(7L);
        assertEquals(
                notAMachine.getMessage(),
                bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.power(kvm, "on", "alice"))
                        .getMessage());
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.sensors(kvm));
        assertEquals(
                "machine 'kvm-1' is a hypervisor host (kind HYPERVISOR, driver 'memory'), not a bare-metal"
                        + " machine: it cannot be managed that way",
                notAMachine.getMessage());
        // A machine whose driver went away.
        bed.drivers.unregister(30L);
        StrataException away = bed.refused(ErrorCode.DRIVER_UNAVAILABLE, () -> hardware.powerState(host.id()));
        assertTrue(away.getMessage(), away.getMessage().contains("membmc"));
    }

    @Test
    public void missingCapabilitiesAre501BeforeAnyTask() throws Exception {
        bare.add("127.0.0.1:9100", "guid-bare", "admin", "pw");
        String plain =
                machine("plain", "barebmc", "127.0.0.1:9100", "guid-bare", "pw").id();
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.power(plain, "on", "alice"));
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.powerState(plain));
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.bootDevice(plain, "pxe", true, "alice"));
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.sensors(plain));
        bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.eventLog(plain));
        // Identity is mandatory; FRU data is optional and simply absent.
        HardwareInventory inventory = hardware.inventory(plain);
        assertEquals("guid-bare", inventory.guid());
        assertEquals(List.of(), inventory.fru());

        Path image = Files.write(folder.newFile("fw.bin").toPath(), new byte[] {1, 2, 3});
        StrataException e =
                bed.refused(ErrorCode.UNSUPPORTED, () -> hardware.updateFirmware(host.id(), image.toString(), "alice"));
        assertTrue(e.getMessage(), e.getMessage().contains("unsupported by driver 'membmc'"));
        assertNull(bmc.lastImage);
    }

    @Test
    public void firmwareIsSentWhereTheDriverCan() throws Exception {
        InMemoryBmcForTests able = new InMemoryBmcForTests("fwbmc", EnumSet.of(Capability.FIRMWARE_UPDATE));
        bed.drivers.register(able, "fw.bundle", 32L);
        InMemoryBmcForTests.Bmc target = able.add("127.0.0.1:9200", "guid-fw", "admin", "pw");
        String id = machine("fw", "fwbmc", "127.0.0.1:9200", "guid-fw", "pw").id();
        Path image = Files.write(folder.newFile("fw.bin").toPath(), new byte[] {1, 2, 3});
        assertEquals(
                "2.0",
                bed.done(hardware.updateFirmware(id, image.toString(), "alice")).result());
        assertArrayEquals(new byte[] {1, 2, 3}, target.lastImage);
    }

    @Test
    public void bootDeviceIsSetAndReadBack() throws Exception {
        assertEquals(
                "pxe",
                bed.done(hardware.bootDevice(host.id(), "PXE", false, "alice")).result());
        assertEquals(BootDevice.PXE, bmc.bootDevice);
        assertFalse(bmc.bootPersistent);
        assertEquals(
                "bios",
                bed.done(hardware.bootDevice(host.id(), "bios", true, "alice")).result());
        assertTrue(bmc.bootPersistent);
        assertEquals(2, events("MACHINE_BOOT_DEVICE").size());
    }

    @Test
    public void inventoryAndEventLogAreReadLiveAndIdentityIsRecorded() {
        bmc.sel.add(new SelEntry(1, null, "Fan", "FAN 1", "Lower Critical going low", true));
        HardwareInventory inventory = hardware.inventory(host.id());
        assertEquals(GUID, inventory.guid());
        assertEquals("ACME", inventory.manufacturer());
        assertEquals(1, inventory.fru().size());
        assertEquals("PS-6b1d", inventory.fru().get(0).productSerial());
        assertEquals(
                "1.0",
                bed.repository.machine(host.id()).orElseThrow().identity().firmwareRevision());
        assertEquals(
                List.of(new SelRecord(1, null, "Fan", "FAN 1", "Lower Critical going low", true)),
                hardware.eventLog(host.id()));
    }

    @Test
    public void aSessionIdlePastTheLimitIsNotTrustedEvenBeforeTheSweep() throws Exception {
        hardware.powerState(host.id());
        clock.advance(Duration.ofSeconds(59));
        hardware.powerState(host.id());
        assertEquals(1, bmcs.opened.size());
        // No sweep ran: the next call itself sees the session idle past 60 s (the BMC may have dropped it) and
        // opens a new one instead of waiting a timeout on the old one.
        clock.advance(Duration.ofSeconds(61));
        assertEquals("OFF", hardware.powerState(host.id()));
        assertEquals(2, bmcs.opened.size());
        // Nor does it wait for the old one's close, which a BMC that dropped the session never answers: the
        // next sweep closes it.
        assertEquals(2, bmcs.openSessions.get());
        hardware.closeIdleSessions();
        assertEquals(1, bmcs.openSessions.get());
        assertEquals(1, hardware.openSessions());
    }

    @Test
    public void idleSessionsAreClosedTogetherNotOneByOne() {
        int machines = 12;
        openSessionsOnMachines(machines);
        assertEquals(machines, bmcs.openSessions.get());
        bmcs.closeTogether = new java.util.concurrent.CountDownLatch(machines);
        clock.advance(Duration.ofSeconds(61));

        hardware.closeIdleSessions();

        assertEquals(0, bmcs.openSessions.get());
        assertEquals(0, hardware.openSessions());
        assertEquals("closes that waited for the others in vain (made one by one)", 0, bmcs.closesNotTogether.get());
    }

    @Test
    public void sessionsArePooledAndClosedWhenIdle() throws Exception {
        hardware.powerState(host.id());
        hardware.sensors(host.id());
        hardware.inventory(host.id());
        assertEquals(1, bmcs.opened.size());
        assertEquals(1, hardware.openSessions());
        clock.advance(Duration.ofSeconds(30));
        hardware.closeIdleSessions();
        assertEquals(1, bmcs.openSessions.get());
        clock.advance(Duration.ofSeconds(61));
        hardware.closeIdleSessions();
        assertEquals(0, bmcs.openSessions.get());
        assertEquals(0, hardware.openSessions());
        hardware.powerState(host.id());
        assertEquals(2, bmcs.opened.size());

        // A machine that moved is reached at its new address with a new session.
        bmcs.bmcs.put("127.0.0.1:9002", bmcs.bmcs.remove("127.0.0.1:9001"));
        bed.repository.moveMachine(GUID, "127.0.0.1:9002", new MachineIdentity(GUID, null, null, null), "alice");
        assertEquals("OFF", hardware.powerState(host.id()));
        assertEquals("127.0.0.1:9002", bmcs.opened.get(2).address());
        hardware.closeIdleSessions(); // the session with the old address: closed by the sweep
        assertEquals(1, bmcs.openSessions.get());

        // A BMC that vanished is reported as such, and its session dropped.
        bmcs.bmcs.clear();
        hardware.forget(host.id());
        assertEquals(
                ErrorCode.UNREACHABLE,
                assertThrows(StrataException.class, () -> hardware.powerState(host.id()))
                        .code());
        assertEquals(0, bmcs.openSessions.get());
    }

    @Test
    public void whenTheDriverGoesAwayItsSessionsAreClosedTogetherNotOneByOne() {
        int machines = 12;
        openSessionsOnMachines(machines);
        assertEquals(machines, hardware.openSessions());
        bmcs.closeTogether = new java.util.concurrent.CountDownLatch(machines);

        bed.drivers.unregister(30L);

        assertEquals(0, bmcs.openSessions.get());
        assertEquals(0, hardware.openSessions());
        assertEquals("closes that waited for the others in vain (made one by one)", 0, bmcs.closesNotTogether.get());
    }

    /** Adds machines 2 to {@code machines} beside the test's own, and opens a session on each of them. */
    private void openSessionsOnMachines(int machines) {
        for (int i = 2; i <= machines; i++) {
            String address = "127.0.0.1:" + (9000 + i);
            String guid = String.format("6b1d2c3e-aaaa-4bbb-8ccc-%012d", i);
            bmcs.add(address, guid, "admin", "pw1");
            hardware.powerState(machine("m" + i, "membmc", address, guid, "pw1").id());
        }
        hardware.powerState(host.id());
    }

    private static SensorReading fan(double rpm, Status status) {
        return new SensorReading("FAN 1", "Fan", rpm, "RPM", 200.0, 500.0, 800.0, null, null, null, status);
    }

    private static SensorReading temp(double celsius, Status status) {
        return new SensorReading(
                "CPU Temp", "Temperature", celsius, "degrees C", null, null, null, 75.0, 90.0, 100.0, status);
    }

    @Test
    public void sensorsArePolledIntoHistoryAndStatusChangesRaiseEvents() {
        bmc.sensor(fan(3000, Status.NORMAL));
        bmc.sensor(temp(95, Status.CRITICAL));
        List<Sensor> live = hardware.sensors(host.id());
        assertEquals(2, live.size());
        assertEquals(
                new Sensor("FAN 1", "Fan", 3000.0, "RPM", 200.0, 500.0, 800.0, null, null, null, "NORMAL"),
                live.get(0));

        // First poll: the baseline. Only the sensor already beyond a threshold is reported.
        hardware.pollSensors();
        List<Event> critical = events("SENSOR_CRITICAL");
        assertEquals(1, critical.size());
        assertEquals(Event.Severity.ERROR, critical.get(0).severity());
        assertTrue(
                critical.get(0).message(),
                critical.get(0).message().contains("CPU Temp")
                        && critical.get(0).message().contains("95 degrees C")
                        && critical.get(0).message().contains("upper critical threshold 90"));

        // The fan stops.
        clock.advance(Duration.ofSeconds(60));
        bmc.sensor(fan(0, Status.NON_RECOVERABLE));
        hardware.pollSensors();
        List<Event> stopped = events("SENSOR_NON_RECOVERABLE");
        assertEquals(1, stopped.size());
        assertEquals(Event.Severity.ERROR, stopped.get(0).severity());
        assertTrue(
                stopped.get(0).message(),
                stopped.get(0).message().contains("0 RPM")
                        && stopped.get(0).message().contains("lower non-recoverable threshold 200 RPM")
                        && stopped.get(0).message().contains("was NORMAL"));

        // Same status again: nothing new. No reading at all: not a change either.
        clock.advance(Duration.ofSeconds(60));
        hardware.pollSensors();
        bmc.sensor(
                new SensorReading("FAN 1", "Fan", null, "RPM", 200.0, 500.0, 800.0, null, null, null, Status.UNKNOWN));
        clock.advance(Duration.ofSeconds(60));
        hardware.pollSensors();
        assertEquals(1, events("SENSOR_NON_RECOVERABLE").size());

        // It recovers; the temperature falls to a warning.
        bmc.sensor(fan(2500, Status.NORMAL));
        bmc.sensor(temp(80, Status.WARNING));
        clock.advance(Duration.ofSeconds(60));
        hardware.pollSensors();
        List<Event> normal = events("SENSOR_NORMAL");
        assertEquals(1, normal.size());
        assertEquals(Event.Severity.INFO, normal.get(0).severity());
        assertTrue(normal.get(0).message(), normal.get(0).message().contains("was NON_RECOVERABLE"));
        List<Event> warning = events("SENSOR_WARNING");
        assertEquals(1, warning.size());
        assertEquals(Event.Severity.WARNING, warning.get(0).severity());

        List<SensorSample> history = hardware.sensorHistory(host.id(), "FAN 1", null, null);
        assertEquals(5, history.size());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), history.get(0).at());
        assertEquals(3000.0, history.get(0).value(), 0.0);
        assertEquals("NON_RECOVERABLE", history.get(1).status());
        assertNull(history.get(3).value());
        assertEquals("UNKNOWN", history.get(3).status());
        assertEquals(
                2,
                hardware.sensorHistory(
                                host.id(),
                                "FAN 1",
                                Instant.parse("2026-11-25T10:01:00Z"),
                                Instant.parse("2026-11-25T10:02:00Z"))
                        .size());
        assertEquals(List.of(), hardware.sensorHistory(host.id(), "nothing", null, null));

        // A removed machine's series go with it.
        bed.repository.deleteHost(host.id(), "alice");
        hardware.forget(host.id());
        hardware.pollSensors();
        assertEquals(List.of(), bed.metrics.sensor(host.id(), "FAN 1", null, null));
    }

    // ---- power-state sweeps

    private Map<String, MachinePower> sweep(PowerStatesRequest request) {
        try (Stream<MachinePower> answers = hardware.powerStates(request)) {
            Map<String, MachinePower> byName = new LinkedHashMap<>();
            answers.forEach(a -> assertNull("one answer per machine", byName.put(a.name(), a)));
            return byName;
        }
    }

    @Test
    public void aSweepAnswersEveryMachineAndOneThatHangsOrFailsHoldsUpNoOther() throws Exception {
        bmcs.add("127.0.0.1:9002", "6b1d2c3e-aaaa-4bbb-8ccc-000000000002", "admin", "pw2").power = ChassisPower.ON;
        StoredHost on = machine("m2", "membmc", "127.0.0.1:9002", "6b1d2c3e-aaaa-4bbb-8ccc-000000000002", "pw2");
        StoredHost gone = machine("m3", "membmc", "127.0.0.1:9003", "6b1d2c3e-aaaa-4bbb-8ccc-000000000003", "pw3");
        StoredHost hangs = machine("m4", "membmc", "127.0.0.1:9004", "6b1d2c3e-aaaa-4bbb-8ccc-000000000004", "pw4");
        StoredHost bareMachine =
                machine("m5", "barebmc", "127.0.0.1:9005", "6b1d2c3e-aaaa-4bbb-8ccc-000000000005", "pw5");
        bmcs.hanging.add("127.0.0.1:9004");
        try {
            Map<String, MachinePower> answers = sweep(new PowerStatesRequest(
                    List.of(host.id(), on.id(), gone.id(), hangs.id(), bareMachine.id(), on.id()), null, 1));

            assertEquals(Set.of("m1", "m2", "m3", "m4", "m5"), answers.keySet());
            assertEquals(MachinePower.of(host.id(), "m1", "OFF"), answers.get("m1"));
            assertEquals(MachinePower.of(on.id(), "m2", "ON"), answers.get("m2"));
            assertEquals("UNREACHABLE", answers.get("m3").error());
            assertNull(answers.get("m3").state());
            assertEquals("UNREACHABLE", answers.get("m4").error());
            assertTrue(answers.get("m4").message(), answers.get("m4").message().contains("within the sweep's 1 s"));
            assertEquals("UNSUPPORTED", answers.get("m5").error());
            // The machine that hung was the last to be reported: everything that answered came first.
            assertEquals("m4", List.copyOf(answers.keySet()).get(4));
        } finally {
            bmcs.release.countDown();
        }
    }

    @Test
    public void aSweepReusesTheMachinesPooledSessions() {
        bmcs.add("127.0.0.1:9002", "6b1d2c3e-aaaa-4bbb-8ccc-000000000002", "admin", "pw2");
        StoredHost second = machine("m2", "membmc", "127.0.0.1:9002", "6b1d2c3e-aaaa-4bbb-8ccc-000000000002", "pw2");
        assertEquals("OFF", hardware.powerState(host.id()));
        assertEquals(1, bmcs.opened.size());

        sweep(PowerStatesRequest.of(List.of(host.id(), second.id())));
        sweep(PowerStatesRequest.of(List.of(host.id(), second.id())));

        assertEquals("one session per machine, opened once", 2, bmcs.opened.size());
        assertEquals(2, hardware.openSessions());
    }

    @Test
    public void aSweepOfADatacenterOrOfAllAsksEveryMachineOnly() {
        bed.repository.createHost(
                new HostSpec("hv1", bed.dc.id(), null, "libvirt", "qemu+tcp://hv1/system", "root", "pw"), "alice");
        StoredHost elsewhere = bed.repository.createMachine(
                new HostSpec(
                        "m9",
                        bed.inventory
                                .createDatacenter(new org.strata.api.inventory.DatacenterSpec("dc2", null), "alice")
                                .id(),
                        null,
                        "membmc",
                        "127.0.0.1:9009",
                        "admin",
                        "pw9"),
                new MachineIdentity("6b1d2c3e-aaaa-4bbb-8ccc-000000000009", null, null, null),
                "alice");

        assertEquals(
                Set.of("m1"),
                sweep(new PowerStatesRequest(null, bed.dc.id(), null)).keySet());
        Map<String, MachinePower> all = sweep(new PowerStatesRequest(null, null, null));
        assertEquals(Set.of("m1", "m9"), all.keySet());
        assertEquals(elsewhere.id(), all.get("m9").hostId());
        assertEquals("UNREACHABLE", all.get("m9").error());
    }

    @Test
    public void aSweepRefusesBadRequestsBeforeAskingAnyBmc() {
        Map<PowerStatesRequest, ErrorCode> bad = new LinkedHashMap<>();
        bad.put(PowerStatesRequest.of(List.of()), ErrorCode.INVALID_INPUT);
        bad.put(PowerStatesRequest.of(java.util.Collections.nCopies(1001, host.id())), ErrorCode.INVALID_INPUT);
        bad.put(PowerStatesRequest.of(java.util.Arrays.asList(host.id(), null)), ErrorCode.INVALID_INPUT);
        bad.put(PowerStatesRequest.of(List.of(host.id(), "x".repeat(65))), ErrorCode.INVALID_INPUT);
        bad.put(PowerStatesRequest.of(List.of(host.id(), "no-such-host")), ErrorCode.NOT_FOUND);
        bad.put(new PowerStatesRequest(List.of(host.id()), bed.dc.id(), null), ErrorCode.INVALID_INPUT);
        bad.put(new PowerStatesRequest(List.of(host.id()), null, 0), ErrorCode.INVALID_INPUT);
        bad.put(new PowerStatesRequest(List.of(host.id()), null, 301), ErrorCode.INVALID_INPUT);
        bad.put(new PowerStatesRequest(null, "no-such-datacenter", null), ErrorCode.NOT_FOUND);
        bad.forEach((request, code) -> {
            StrataException e = assertThrows(StrataException.class, () -> hardware.powerStates(request));
            assertEquals(request + ": " + e.getMessage(), code, e.code());
        });
        assertThrows(StrataException.class, () -> hardware.powerStates(null));
        assertTrue(assertThrows(
                        StrataException.class,
                        () -> hardware.powerStates(PowerStatesRequest.of(List.of(host.id(), "no-such-host"))))
                .getMessage()
                .contains("'no-such-host'"));
        assertEquals("no BMC was asked", 0, bmcs.opened.size());
    }
}

package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;

/**
 * The hw-* commands, parsed by Karaf's own parser and run over {@link ServicesForTests}: what they send to
 * the hardware service, what they print, their one-line errors, and that no password is ever printed.
 */
public class HardwareCommandsTest {
    private static final String SECRET = "bmc-pa55word";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ServicesForTests.HardwareServiceForTests hardware = new ServicesForTests.HardwareServiceForTests();
    private final ServicesForTests.TaskServiceForTests tasks = new ServicesForTests.TaskServiceForTests();
    /** The prompts the console showed; every one is answered with "typed-secret". */
    private final List<String> prompts = new ArrayList<>();

    private Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readLine")) {
                        prompts.add((String) args[0]);
                        return "typed-secret";
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }

    /** Parses the arguments into the command, gives it the doubles as Karaf would its services, and runs it. */
    private Result run(StrataAction action, Object... args) throws Exception {
        Session session = session();
        assertTrue(new DefaultActionPreparator().prepare(action, session, List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(hardware, tasks, session)) {
                        if (f.getType().isInstance(service)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        Result result = ActionRunner.run(action);
        assertFalse(
                "a password was printed: " + result,
                (result.out() + result.err() + result.failure()).contains(SECRET)
                        || (result.out() + result.failure()).contains("typed-secret"));
        return result;
    }

    private static void ok(Result result) {
        assertNull(result.out() + result.failure(), result.failure());
    }

    private DiscoveryRequest lastDiscovery() {
        return (DiscoveryRequest) hardware.last().get(2);
    }

    @Test
    public void discoverTakesRepeatedUserPasswordPairsAndPrintsTheTask() throws Exception {
        Result result = run(
                new HwDiscover(),
                "--datacenter",
                "dc-1",
                "--addresses",
                "10.0.0.0/28",
                "--ports",
                "9001-9003",
                "--user",
                "ADMIN",
                "--password",
                SECRET,
                "-u",
                "root",
                "-p",
                "calvin");
        ok(result);
        assertEquals("Task task-discover" + System.lineSeparator(), result.out());
        assertEquals(
                new DiscoveryRequest(
                        "dc-1",
                        null,
                        "ipmi",
                        "10.0.0.0/28",
                        "9001-9003",
                        List.of(new BmcCredentials("ADMIN", SECRET), new BmcCredentials("root", "calvin"))),
                lastDiscovery());
        assertTrue(prompts.isEmpty());

        Result waited = run(
                new HwDiscover(),
                "--wait",
                "--datacenter",
                "dc-1",
                "--pool",
                "p-1",
                "--driver",
                "redfish",
                "--addresses",
                "10.0.0.1-10.0.0.9",
                "--user",
                "ADMIN",
                "--password",
                SECRET);
        ok(waited);
        assertTrue(waited.out(), waited.out().contains("SUCCEEDED"));
        assertEquals("p-1", lastDiscovery().poolId());
        assertEquals("redfish", lastDiscovery().driverId());
    }

    @Test
    public void discoverAsksForPasswordsNotGivenAndReadsACredentialsFile() throws Exception {
        ok(run(
                new HwDiscover(),
                "--datacenter",
                "dc-1",
                "--addresses",
                "10.0.0.1",
                "--user",
                "ADMIN",
                "--user",
                "root"));
        assertEquals(List.of("Password for ADMIN: ", "Password for root: "), prompts);
        assertEquals(
                List.of(new BmcCredentials("ADMIN", "typed-secret"), new BmcCredentials("root", "typed-secret")),
                lastDiscovery().credentials());

        Path file = folder.newFile("bmc.txt").toPath();
        Files.writeString(file, "# lab BMCs\n\nADMIN:" + SECRET + "\n  root:with:colons  \n", StandardCharsets.UTF_8);
        ok(run(
                new HwDiscover(),
                "--datacenter",
                "dc-1",
                "--addresses",
                "10.0.0.1",
                "-u",
                "first",
                "-p",
                "one",
                "--credentials",
                file.toString()));
        assertEquals(
                List.of(
                        new BmcCredentials("first", "one"),
                        new BmcCredentials("ADMIN", SECRET),
                        new BmcCredentials("root", "with:colons")),
                lastDiscovery().credentials());
    }

    @Test
    public void discoverRefusesBadCredentialsWithoutShowingThem() throws Exception {
        int before = hardware.calls.size();
        assertEquals(
                "INVALID_INPUT: give one --password per --user, in the same order (1 --user, 2 --password)",
                run(
                                new HwDiscover(),
                                "--datacenter",
                                "dc-1",
                                "--addresses",
                                "10.0.0.1",
                                "-u",
                                "a",
                                "-p",
                                SECRET,
                                "-p",
                                "x")
                        .failure());
        assertEquals(
                "INVALID_INPUT: give one --password per --user, in the same order (0 --user, 1 --password)",
                run(new HwDiscover(), "--datacenter", "dc-1", "--addresses", "10.0.0.1", "-p", SECRET)
                        .failure());
        Path file = folder.newFile("bad.txt").toPath();
        Files.writeString(file, "ADMIN:ok\n" + SECRET + "\n", StandardCharsets.UTF_8);
        assertEquals(
                "INVALID_INPUT: line 2 of --credentials file '" + file + "' is not user:password",
                run(
                                new HwDiscover(),
                                "--datacenter",
                                "dc-1",
                                "--addresses",
                                "10.0.0.1",
                                "--credentials",
                                file.toString())
                        .failure());
        Path empty = folder.newFile("empty.txt").toPath();
        assertEquals(
                "INVALID_INPUT: --credentials file '" + empty + "' holds no user:password line",
                run(
                                new HwDiscover(),
                                "--datacenter",
                                "dc-1",
                                "--addresses",
                                "10.0.0.1",
                                "--credentials",
                                empty.toString())
                        .failure());
        assertEquals(
                "INVALID_INPUT: cannot read --credentials file '/no/such/file'",
                run(
                                new HwDiscover(),
                                "--datacenter",
                                "dc-1",
                                "--addresses",
                                "10.0.0.1",
                                "--credentials",
                                "/no/such/file")
                        .failure());
        assertEquals("nothing started", before, hardware.calls.size());
    }

    @Test
    public void powerStatesPrintsALinePerMachineAndSaysWhichDidNotAnswer() throws Exception {
        Result named = run(new HwPowerStates(), "--timeout", "5", "bm-1", "doomed");
        ok(named);
        String n = System.lineSeparator();
        assertEquals(
                String.format("%-36s  %-24s  %s%n", "Host", "Name", "Power")
                        + String.format("%-36s  %-24s  %s%n", "bm-1", "rack1-u07", "OFF")
                        + String.format(
                                "%-36s  %-24s  %s%n",
                                "doomed",
                                "rack1-u09",
                                "error UNREACHABLE: the BMC did not answer within the sweep's 30 s")
                        + "2 machines, 1 without an answer" + n,
                named.out());
        assertEquals(java.util.Arrays.asList("power-states", List.of("bm-1", "doomed"), null, 5), hardware.last());

        ok(run(new HwPowerStates(), "--datacenter", "dc-1"));
        assertEquals(java.util.Arrays.asList("power-states", null, "dc-1", null), hardware.last());

        Result unknown = run(new HwPowerStates(), "bm-1", "nope");
        assertEquals("NOT_FOUND: host 'nope' does not exist", unknown.failure());
        assertEquals("", unknown.out());
    }

    @Test
    public void powerShowsTheStateWithoutAnActionAndStartsATaskWithOne() throws Exception {
        Result state = run(new HwPower(), "bm-1");
        ok(state);
        assertEquals("Power: OFF" + System.lineSeparator(), state.out());
        assertTrue(hardware.calls.isEmpty());

        for (String action : List.of("on", "off", "softoff", "cycle", "reset", "identify")) {
            Result result = run(new HwPower(), "bm-1", action);
            ok(result);
            assertEquals("Task task-power-" + action + System.lineSeparator(), result.out());
            assertEquals(List.of("power-" + action, "bm-1"), hardware.last());
        }
        Result waited = run(new HwPower(), "--wait", "bm-1", "cycle");
        assertTrue(
                waited.out(), waited.out().contains("SUCCEEDED") && waited.out().contains("100%"));
        assertEquals(
                "DRIVER_FAILURE: the hypervisor refused",
                run(new HwPower(), "-w", "doomed", "off").failure());

        int before = hardware.calls.size();
        assertEquals(
                "INVALID_INPUT: action must be one of on, off, softoff, cycle, reset, identify, was 'explode'",
                run(new HwPower(), "bm-1", "explode").failure());
        assertEquals(
                "INVALID_INPUT: --wait needs an action",
                run(new HwPower(), "--wait", "bm-1").failure());
        assertEquals(before, hardware.calls.size());
        assertEquals(
                "NOT_FOUND: host 'nope' does not exist",
                run(new HwPower(), "nope").failure());
    }

    @Test
    public void bootDeviceOnceOrPersistent() throws Exception {
        Result once = run(new HwBoot(), "bm-1", "pxe");
        ok(once);
        assertEquals("Task task-boot-device" + System.lineSeparator(), once.out());
        assertEquals(List.of("boot-device", "bm-1", "pxe", false), hardware.last());
        ok(run(new HwBoot(), "--persistent", "bm-1", "disk"));
        assertEquals(List.of("boot-device", "bm-1", "disk", true), hardware.last());
        assertEquals(
                "INVALID_INPUT: device must be one of pxe, disk, cdrom, bios, was 'floppy'",
                run(new HwBoot(), "bm-1", "floppy").failure());
    }

    @Test
    public void sensorsAndTheirHistory() throws Exception {
        Result sensors = run(new HwSensors(), "bm-1");
        ok(sensors);
        String[] lines = sensors.out().split("\\R");
        assertTrue(sensors.out(), lines[0].contains("Name") && lines[0].contains("LNR") && lines[0].contains("UNR"));
        String cpu = java.util.Arrays.stream(lines)
                .filter(l -> l.startsWith("CPU Temp"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                cpu,
                cpu.contains(" 45 ")
                        && cpu.contains("degrees C")
                        && cpu.contains("NORMAL")
                        && cpu.contains(" 80 ")
                        && cpu.contains(" 90 ")
                        && cpu.contains("100"));
        assertTrue(
                sensors.out(), sensors.out().contains("12.125") && sensors.out().contains("10.8"));
        String fan = java.util.Arrays.stream(lines)
                .filter(l -> l.startsWith("FAN 1"))
                .findFirst()
                .orElseThrow();
        assertTrue(fan, fan.contains("CRITICAL") && fan.contains("300") && fan.contains("500"));
        assertEquals(
                "NOT_FOUND: host 'nope' does not exist",
                run(new HwSensors(), "nope").failure());

        Instant before = Instant.now();
        Result history = run(new HwSensorHistory(), "bm-1", "CPU Temp");
        ok(history);
        assertTrue(
                history.out(),
                history.out().contains("2024-05-01T10:00:00Z")
                        && history.out().contains("44.5")
                        && history.out().contains("95")
                        && history.out().contains("CRITICAL"));
        assertEquals("CPU Temp", hardware.last().get(2));
        Instant from = (Instant) hardware.last().get(3);
        assertTrue(
                from + " about an hour ago by default",
                !from.isAfter(Instant.now().minusSeconds(3600)) && !from.isBefore(before.minusSeconds(3600)));
        ok(run(new HwSensorHistory(), "--since", "2024-05-01T09:00:00Z", "bm-1", "FAN 1"));
        assertEquals(Instant.parse("2024-05-01T09:00:00Z"), hardware.last().get(3));
        assertTrue(run(new HwSensorHistory(), "--since", "yesterday", "bm-1", "FAN 1")
                .failure()
                .startsWith("INVALID_INPUT: --since must be"));
    }

    @Test
    public void inventoryAndEventLog() throws Exception {
        Result inventory = run(new HwInventory(), "bm-1");
        ok(inventory);
        for (String expected : List.of(
                "4c4c4544-0036-4410-8051-b2c04f4b4c31",
                "Strata Labs",
                "SIM-1000",
                "2.17",
                "2024-05-01T10:00:00Z",
                "Rack Mount Chassis, serial CS-123",
                "Strata Labs Board X, part BP-1, serial BS-456")) {
            assertTrue(expected + " in " + inventory.out(), inventory.out().contains(expected));
        }
        assertFalse("an empty FRU area has no line", inventory.out().contains("FRU 0 product"));

        Result sel = run(new HwSel(), "bm-1");
        ok(sel);
        assertTrue(
                sel.out(),
                sel.out().contains("Upper Critical going high")
                        && sel.out().contains("asserted")
                        && sel.out().contains("deasserted")
                        && sel.out().contains("(clock not set)"));
        assertEquals(
                "NOT_FOUND: host 'nope' does not exist",
                run(new HwSel(), "nope").failure());
    }

    @Test
    public void firmwareUpdatePassesTheDriversRefusalOn() throws Exception {
        assertEquals(
                "UNSUPPORTED: firmware update is unsupported by this driver (ipmi)",
                run(new HwFirmware(), "bm-1", "/srv/fw/bmc.bin").failure());
        assertEquals(
                "NOT_FOUND: host 'nope' does not exist",
                run(new HwFirmware(), "nope", "/x").failure());
    }

    @Test
    public void credentialsNeverShowInAToString() {
        assertFalse(new BmcCredentials("ADMIN", SECRET).toString().contains(SECRET));
        assertFalse(new DiscoveryRequest(
                        "dc-1", null, "ipmi", "10.0.0.1", null, List.of(new BmcCredentials("ADMIN", SECRET)))
                .toString()
                .contains(SECRET));
    }
}

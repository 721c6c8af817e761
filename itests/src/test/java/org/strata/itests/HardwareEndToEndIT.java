package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Bare-metal machines through the real distribution: BMCs simulated by OpenIPMI's ipmi_sim on loopback ports
 * (tools/test-env/ipmi), discovered, powered and read through REST, with ipmitool as the independent witness,
 * and a sensor pushed over its threshold through the simulator's console raising an event.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HardwareEndToEndIT extends StrataTestSupport {

    /**
     * The simulator script. The configuration runs in the build's JVM, whose working folder is itests/; it hands the
     * absolute path to the container as a system property.
     */
    private static final String SIM = simulatorScript();

    private static final String PASSWORD = "strata-ipmi";

    private final List<String> started = new ArrayList<>();
    private Path run;

    @Configuration
    @Override
    public Option[] config() throws Exception {
        // Sensors read every second, so that a threshold crossing shows within the test's patience.
        return OptionUtils.combine(
                super.config(),
                editConfigurationFilePut("etc/org.strata.core.cfg", "sensor.interval.seconds", "1"),
                org.ops4j.pax.exam.CoreOptions.systemProperty("strata.ipmi.sim").value(SIM));
    }

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
        await(
                "the IPMI driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"ipmi\""));
        run = Files.createTempDirectory("strata-ipmi-it");
    }

    @After
    public void stopSimulators() throws Exception {
        try {
            for (String name : started) {
                sim("stop", name);
            }
        } finally {
            deleteTree(run);
        }
    }

    @Test
    public void discoveredMachinesArePoweredAndWatchedThroughRest() throws Exception {
        int bmcPort = adjacentFreeUdpPorts();
        int[] first = {bmcPort, freeTcpPort()};
        int[] second = {bmcPort + 1, freeTcpPort()};
        String a = startBmc(first);
        startBmc(second);
        String datacenter = parse(get("/api/v1/datacenters"))
                .path("items")
                .get(0)
                .path("id")
                .asText();
        String ports = bmcPort + "-" + (bmcPort + 1);
        String request = "{\"datacenterId\":\"" + datacenter + "\",\"driverId\":\"ipmi\",\"addresses\":\"127.0.0.1\","
                + "\"ports\":\"" + ports + "\",\"credentials\":[{\"username\":\"admin\",\"password\":\"wrong\"},"
                + "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}]}";

        HttpResponse<String> accepted = post("/api/v1/hardware/discoveries", request);
        assertFalse("the password is never echoed", accepted.body().contains(PASSWORD));
        JsonNode discovery = finished(accepted);
        assertTrue(discovery.toString(), discovery.path("result").asText().contains("2 added"));
        // Seen again: matched by GUID, not added twice.
        JsonNode again = finished(post("/api/v1/hardware/discoveries", request));
        assertTrue(again.toString(), again.path("result").asText().contains("0 added, 2 matched"));

        String machine = hostAt("127.0.0.1:" + first[0]);
        JsonNode inventory = parse(get("/api/v1/hosts/" + machine + "/hardware"));
        assertEquals(a, inventory.path("guid").asText().replace("-", ""));
        assertEquals(
                "PRD0001", inventory.path("fru").get(0).path("productSerial").asText());

        // Power through REST; ipmitool, from outside, says it happened.
        JsonNode on = finished(post("/api/v1/hosts/" + machine + "/power/on", ""));
        assertEquals("ON", on.path("result").asText());
        assertTrue(ipmitool(first[0], "chassis", "power", "status").contains("is on"));
        JsonNode off = finished(post("/api/v1/hosts/" + machine + "/power/off", ""));
        assertEquals("OFF", off.path("result").asText());
        assertTrue(ipmitool(first[0], "chassis", "power", "status").contains("is off"));

        finished(send(request("/api/v1/hosts/" + machine + "/boot-device", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"device\":\"pxe\",\"persistent\":false}"))
                .build()));
        assertTrue(ipmitool(first[0], "chassis", "bootparam", "get", "5").contains("Force PXE"));

        // The fan stops: the sensor poll sees it cross its thresholds and records an event.
        JsonNode sensors = parse(get("/api/v1/hosts/" + machine + "/sensors"));
        assertEquals(4, sensors.size());
        sim("set-sensor", "it-" + first[0], "2", "2");
        await(
                "a SENSOR event for the stopped fan",
                () -> get("/api/v1/events?subject=" + machine + "&limit=100")
                        .body()
                        .contains("Fan 1"));
        assertEquals("NON_RECOVERABLE", sensor(parse(get("/api/v1/hosts/" + machine + "/sensors")), "Fan 1"));
        await(
                "the fan's history holds samples",
                () -> parse(get("/api/v1/hosts/" + machine + "/sensors/Fan%201/history"))
                                .size()
                        >= 1);

        // IPMI has no standard firmware update: a clear 501, not a failed task.
        Path image = Files.createTempFile(run, "firmware", ".bin");
        Files.write(image, new byte[] {1, 2, 3});
        HttpResponse<String> firmware =
                post("/api/v1/hosts/" + machine + "/firmware", "{\"imagePath\":\"" + image + "\"}");
        assertEquals(firmware.body(), 501, firmware.statusCode());
        assertTrue(firmware.body().contains("unsupported by driver 'ipmi'"));
    }

    @Test
    public void powerStatesOfManyMachinesComeInOneRequestAndADeadBmcHoldsUpNoOther() throws Exception {
        int bmcPort = adjacentFreeUdpPorts();
        int[] alive = {bmcPort, freeTcpPort()};
        int[] dying = {bmcPort + 1, freeTcpPort()};
        startBmc("sweep-", alive);
        startBmc("sweep-", dying);
        String datacenter = parse(get("/api/v1/datacenters"))
                .path("items")
                .get(0)
                .path("id")
                .asText();
        finished(post(
                "/api/v1/hardware/discoveries",
                "{\"datacenterId\":\"" + datacenter + "\",\"driverId\":\"ipmi\",\"addresses\":\"127.0.0.1\","
                        + "\"ports\":\"" + bmcPort + "-" + (bmcPort + 1)
                        + "\",\"credentials\":[{\"username\":\"admin\","
                        + "\"password\":\"" + PASSWORD + "\"}]}"));
        String on = hostAt("127.0.0.1:" + alive[0]);
        String off = hostAt("127.0.0.1:" + dying[0]);
        finished(post("/api/v1/hosts/" + on + "/power/on", ""));
        String sweep = "/api/v1/hardware/power-states?host=" + on + "&host=" + off;

        HttpResponse<String> both = get(sweep);
        assertEquals(both.body(), 200, both.statusCode());
        assertEquals(
                "application/x-ndjson",
                both.headers().firstValue("Content-Type").orElse(""));
        Map<String, JsonNode> answers = lines(both.body());
        assertEquals(both.body(), "ON", answers.get(on).path("state").asText());
        assertEquals(both.body(), "OFF", answers.get(off).path("state").asText());
        assertTrue(ipmitool(alive[0], "chassis", "power", "status").contains("is on"));

        // One BMC stops answering: the other still answers at once, and the dead one is an error, not a failure.
        sim("stop", "sweep-" + dying[0]);
        started.remove("sweep-" + dying[0]);
        HttpResponse<String> one = get(sweep + "&timeout=2");
        assertEquals(one.body(), 200, one.statusCode());
        List<String> body = List.of(one.body().split("\n"));
        assertEquals(one.body(), 2, body.size());
        JsonNode first = json.readTree(body.get(0));
        assertEquals(
                "the BMC that answers comes first: " + one.body(),
                on,
                first.path("hostId").asText());
        assertEquals("ON", first.path("state").asText());
        JsonNode dead = json.readTree(body.get(1));
        assertEquals(off, dead.path("hostId").asText());
        assertEquals(one.body(), "UNREACHABLE", dead.path("error").asText());
        assertTrue(dead.path("state").isNull());

        // Bad requests are problems before any BMC is asked.
        HttpResponse<String> unknown = get("/api/v1/hardware/power-states?host=" + on + "&host=no-such-host");
        assertEquals(unknown.body(), 404, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("no-such-host"));
        HttpResponse<String> empty = get("/api/v1/hardware/power-states?host=");
        assertEquals(empty.body(), 400, empty.statusCode());

        // Removed, so that the other test's discovery on the same ports finds only its own machines.
        for (String machine : List.of(on, off)) {
            HttpResponse<String> removed = send(request("/api/v1/hosts/" + machine, ADMIN, ADMIN_PASSWORD)
                    .DELETE()
                    .build());
            assertEquals(removed.body(), 204, removed.statusCode());
        }
    }

    private Map<String, JsonNode> lines(String body) throws Exception {
        Map<String, JsonNode> byHost = new java.util.HashMap<>();
        for (String line : body.split("\n")) {
            JsonNode answer = json.readTree(line);
            byHost.put(answer.path("hostId").asText(), answer);
        }
        return byHost;
    }

    // ---- helpers

    private static String simulatorScript() {
        String given = System.getProperty("strata.ipmi.sim");
        return given != null ? given : new File("../tools/test-env/ipmi/ipmi-sim.sh").getAbsolutePath();
    }

    private String startBmc(int[] ports) throws Exception {
        return startBmc("it-", ports);
    }

    /** The GUID comes from the name: each test's own prefix keeps its machines apart from the other's. */
    private String startBmc(String prefix, int[] ports) throws Exception {
        String name = prefix + ports[0];
        String guid = sim(
                        "start",
                        name,
                        Integer.toString(ports[0]),
                        Integer.toString(ports[1]),
                        run.resolve(name).toString())
                .trim();
        started.add(name);
        return guid.replace("-", "");
    }

    private JsonNode finished(HttpResponse<String> accepted) throws Exception {
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode task = awaitTask(parse(accepted).path("id").asText());
        assertEquals(task.toString(), "SUCCEEDED", task.path("state").asText());
        return task;
    }

    private String hostAt(String address) throws Exception {
        for (JsonNode h : parse(get("/api/v1/hosts?limit=500")).path("items")) {
            if (address.equals(h.path("address").asText())) {
                return h.path("id").asText();
            }
        }
        throw new AssertionError("no host at " + address);
    }

    private static String sensor(JsonNode sensors, String name) {
        for (JsonNode s : sensors) {
            if (name.equals(s.path("name").asText())) {
                return s.path("status").asText();
            }
        }
        throw new AssertionError("no sensor " + name + " in " + sensors);
    }

    /** Two neighbouring free UDP ports, so that one small discovery range covers both BMCs. */
    private static int adjacentFreeUdpPorts() throws Exception {
        for (int port = 9600; port < 9900; port += 2) {
            try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                    DatagramSocket b = new DatagramSocket(port + 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.net.SocketException taken) {
                // in use: try the next pair
            }
        }
        throw new AssertionError("no two free neighbouring UDP ports between 9600 and 9900");
    }

    /** A free TCP port for a simulator's console. */
    private static int freeTcpPort() throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return tcp.getLocalPort();
        }
    }

    /** Runs tools/test-env/ipmi/ipmi-sim.sh with this test's own run folder. */
    private String sim(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SIM));
        command.addAll(List.of(args));
        return program(command, Map.of("STRATA_IPMI_RUN", run.toString()));
    }

    /** ipmitool, the independent witness of what Strata did to a BMC. */
    private static String ipmitool(int port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-U",
                "admin",
                "-P",
                PASSWORD));
        command.addAll(List.of(args));
        return program(command, Map.of());
    }
}

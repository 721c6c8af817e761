package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;

/** The hardware SOAP endpoint over real HTTP: its WSDL, a representative set of operations, faults, secrets. */
public class HardwareSoapHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";
    private static final String SECRET = "bmc-pa55word";

    @ClassRule
    public static final TestServer server = new TestServer();

    private static HttpResponse<String> call(String user, String body) throws Exception {
        return server.send("POST", "/soap/hardware", user, XML, envelope(body));
    }

    private static String discovery(String datacenter, String credentials) {
        return "<s:discover><s:request><s:datacenterId>" + datacenter + "</s:datacenterId><s:driverId>ipmi</s:driverId>"
                + "<s:addresses>127.0.0.1</s:addresses><s:ports>9001-9002</s:ports>" + credentials
                + "</s:request></s:discover>";
    }

    @Test
    public void wsdlNeedsCredentialsAndNamesEveryOperation() throws Exception {
        assertEquals(
                401, server.send("GET", "/soap/hardware?wsdl", null, null, null).statusCode());
        String wsdl =
                server.send("GET", "/soap/hardware?wsdl", "viewer", null, null).body();
        assertTrue(
                wsdl.contains("targetNamespace=\"urn:strata:ws:v1\"") && wsdl.contains("name=\"HardwareWebService\""));
        for (String op : List.of(
                "discover",
                "powerState",
                "powerStates",
                "power",
                "setBootDevice",
                "sensors",
                "sensorHistory",
                "inventory",
                "eventLog",
                "updateFirmware")) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
        assertTrue(wsdl.contains("name=\"BmcCredentials\"") && wsdl.contains("name=\"credential\""));
    }

    @Test
    public void discoveryTakesCredentialsAndNeverReturnsThePassword() throws Exception {
        HttpResponse<String> response = call(
                "admin",
                discovery(
                        "dc-1",
                        "<s:credential><s:username>ADMIN</s:username><s:password>" + SECRET
                                + "</s:password></s:credential>"
                                + "<s:credential><s:username>root</s:username><s:password>calvin</s:password></s:credential>"));
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals("discover", element(response.body(), "operation"));
        assertEquals("admin", element(response.body(), "principal"));
        assertFalse(
                response.body(),
                response.body().contains(SECRET) || response.body().contains("calvin"));
        DiscoveryRequest received = server.hardware.discoveries.get(server.hardware.discoveries.size() - 1);
        assertEquals(
                new DiscoveryRequest(
                        "dc-1",
                        null,
                        "ipmi",
                        "127.0.0.1",
                        "9001-9002",
                        List.of(new BmcCredentials("ADMIN", SECRET), new BmcCredentials("root", "calvin"))),
                received);

        // A fault about the request does not carry the password back either.
        HttpResponse<String> notFound = call(
                "admin",
                discovery(
                        "dc-9",
                        "<s:credential><s:username>ADMIN</s:username><s:password>" + SECRET
                                + "</s:password></s:credential>"));
        assertEquals("NOT_FOUND", element(notFound.body(), "code"));
        assertFalse(notFound.body().contains(SECRET));
        int before = server.hardware.discoveries.size();
        assertEquals("FORBIDDEN", element(call("viewer", discovery("dc-1", "")).body(), "code"));
        assertEquals("INVALID_INPUT", element(call("admin", "<s:discover/>").body(), "code"));
        assertEquals(before, server.hardware.discoveries.size());

        org.strata.ws.soap.DiscoveryRequestDto dto = new org.strata.ws.soap.DiscoveryRequestDto();
        org.strata.ws.soap.BmcCredentialsDto credentials = new org.strata.ws.soap.BmcCredentialsDto();
        credentials.username = "ADMIN";
        credentials.password = SECRET;
        dto.credentials.add(credentials);
        assertTrue(
                dto.toString(),
                dto.toString().contains("ADMIN") && !dto.toString().contains(SECRET));
    }

    @Test
    public void powerStatesOfManyMachinesAreOneListWithAnErrorWhereABmcFailed() throws Exception {
        HttpResponse<String> response = call(
                "viewer",
                "<s:powerStates><s:hostId>bm-1</s:hostId><s:hostId>bm-2</s:hostId>"
                        + "<s:timeoutSeconds>5</s:timeoutSeconds></s:powerStates>");
        assertEquals(response.body(), 200, response.statusCode());
        String body = response.body();
        assertEquals(body, 2, body.split("<machine>", -1).length - 1);
        assertEquals("ON", element(body, "state"));
        assertEquals("UNREACHABLE", element(body, "error"));
        assertEquals(
                java.util.Arrays.asList("power-states", List.of("bm-1", "bm-2"), null, 5),
                server.hardware.calls.last());
        String all = call("viewer", "<s:powerStates><s:datacenterId>dc-1</s:datacenterId></s:powerStates>")
                .body();
        assertEquals(all, 2, all.split("<machine>", -1).length - 1);
        assertEquals(
                "NOT_FOUND",
                element(
                        call(
                                        "viewer",
                                        "<s:powerStates><s:hostId>bm-1</s:hostId><s:hostId>nope</s:hostId></s:powerStates>")
                                .body(),
                        "code"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call("viewer", "<s:powerStates><s:datacenterId>dc-9</s:datacenterId></s:powerStates>")
                                .body(),
                        "code"));
    }

    @Test
    public void powerBootAndFirmwareReturnTasksOrFaults() throws Exception {
        assertEquals(
                "ON",
                element(
                        call("viewer", "<s:powerState><s:hostId>bm-1</s:hostId></s:powerState>")
                                .body(),
                        "state"));
        HttpResponse<String> cycle =
                call("admin", "<s:power><s:hostId>bm-1</s:hostId><s:action>cycle</s:action></s:power>");
        assertEquals(cycle.body(), "power-cycle", element(cycle.body(), "operation"));
        assertEquals("QUEUED", element(cycle.body(), "state"));
        HttpResponse<String> boot = call(
                "admin",
                "<s:setBootDevice><s:hostId>bm-1</s:hostId><s:device>pxe</s:device>"
                        + "<s:persistent>true</s:persistent></s:setBootDevice>");
        assertEquals(boot.body(), "boot-device", element(boot.body(), "operation"));
        assertEquals(List.of("pxe", true), ((List<?>) server.hardware.calls.last()).get(3));
        call("admin", "<s:setBootDevice><s:hostId>bm-1</s:hostId><s:device>disk</s:device></s:setBootDevice>");
        assertEquals(List.of("disk", false), ((List<?>) server.hardware.calls.last()).get(3));

        HttpResponse<String> unsupported = call(
                "admin",
                "<s:updateFirmware><s:hostId>bm-1</s:hostId><s:imagePath>/fw.bin</s:imagePath></s:updateFirmware>");
        assertEquals(500, unsupported.statusCode());
        assertEquals("UNSUPPORTED", element(unsupported.body(), "code"));
        assertTrue(element(unsupported.body(), "message").contains("unsupported by this driver"));
        assertFalse(
                unsupported.body().contains("Exception") || unsupported.body().contains("at org."));
        assertEquals(
                "update-firmware",
                element(
                        call(
                                        "admin",
                                        "<s:updateFirmware><s:hostId>bm-2</s:hostId><s:imagePath>/fw.bin</s:imagePath></s:updateFirmware>")
                                .body(),
                        "operation"));

        int before = server.hardware.calls.size();
        assertEquals(
                "INVALID_INPUT",
                element(
                        call("admin", "<s:power><s:hostId>bm-1</s:hostId><s:action>explode</s:action></s:power>")
                                .body(),
                        "code"));
        assertEquals(
                "INVALID_INPUT",
                element(
                        call(
                                        "admin",
                                        "<s:setBootDevice><s:hostId>bm-1</s:hostId><s:device>floppy</s:device></s:setBootDevice>")
                                .body(),
                        "code"));
        assertEquals(
                "FORBIDDEN",
                element(
                        call("viewer", "<s:power><s:hostId>bm-1</s:hostId><s:action>off</s:action></s:power>")
                                .body(),
                        "code"));
        assertEquals(before, server.hardware.calls.size());
        assertEquals(
                "CONFLICT",
                element(
                        call("admin", "<s:power><s:hostId>h-1</s:hostId><s:action>off</s:action></s:power>")
                                .body(),
                        "code"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call("viewer", "<s:powerState><s:hostId>zz</s:hostId></s:powerState>")
                                .body(),
                        "code"));
    }

    @Test
    public void sensorsHistoryInventoryAndEventLogAreRead() throws Exception {
        String sensors = call("viewer", "<s:sensors><s:hostId>bm-1</s:hostId></s:sensors>")
                .body();
        assertEquals("CPU Temp", element(sensors, "name"));
        assertEquals("90.0", element(sensors, "upperCritical"));
        assertTrue(sensors, sensors.contains("CRITICAL"));

        String history = call(
                        "viewer",
                        "<s:sensorHistory><s:hostId>bm-1</s:hostId><s:sensor>CPU Temp</s:sensor>"
                                + "<s:from>2024-05-01T10:00:30Z</s:from></s:sensorHistory>")
                .body();
        assertEquals(history, "2024-05-01T10:01:00Z", element(history, "at"));
        assertEquals(Instant.parse("2024-05-01T10:00:30Z"), ((List<?>) server.hardware.calls.last()).get(3));
        String badTime = call(
                        "viewer",
                        "<s:sensorHistory><s:hostId>bm-1</s:hostId><s:sensor>CPU Temp</s:sensor>"
                                + "<s:to>noon</s:to></s:sensorHistory>")
                .body();
        assertEquals("INVALID_INPUT", element(badTime, "code"));
        assertTrue(badTime.contains("'to'"));

        String inventory = call("viewer", "<s:inventory><s:hostId>bm-1</s:hostId></s:inventory>")
                .body();
        assertEquals("4c4c4544-0036-4410-8051-b2c04f4b4c31", element(inventory, "guid"));
        assertEquals("BS-456", element(inventory, "boardSerial"));
        assertEquals("2024-05-01T10:00:00Z", element(inventory, "read"));

        String sel = call("viewer", "<s:eventLog><s:hostId>bm-1</s:hostId></s:eventLog>")
                .body();
        assertEquals("Upper Critical going high", element(sel, "description"));
        assertEquals("true", element(sel, "asserted"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call("viewer", "<s:eventLog><s:hostId>zz</s:hostId></s:eventLog>")
                                .body(),
                        "code"));
    }
}

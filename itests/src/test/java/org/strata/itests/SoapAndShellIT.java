package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The SOAP services over real HTTP, and the strata:* shell commands in a real Karaf shell session. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SoapAndShellIT extends StrataTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
    }

    @Test
    public void soapRequiresAuthenticationAndListsDrivers() throws Exception {
        String listDrivers = envelope("<s:listDrivers/>");
        HttpResponse<String> anonymous = soap("/soap/drivers", listDrivers, null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(401, send(request("/soap/drivers?wsdl", null, null).GET().build()).statusCode());

        HttpResponse<String> ok = soap("/soap/drivers", listDrivers, ADMIN);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertTrue(ok.body(), ok.body().contains("<id>demo</id>"));
        assertTrue(ok.body().contains("<capability>VM_POWER</capability>"));
    }

    @Test
    public void everySoapServiceHasItsWsdl() throws Exception {
        for (String service : new String[] {"inventory", "drivers", "tasks"}) {
            HttpResponse<String> wsdl = get("/soap/" + service + "?wsdl");
            assertEquals(service, 200, wsdl.statusCode());
            assertTrue(service, wsdl.body().contains("wsdl:definitions"));
            assertTrue(service, wsdl.body().contains("urn:strata:ws:v1"));
        }
    }

    @Test
    public void soapErrorsAreFaultsWithTheirCodeAndNoStackTrace() throws Exception {
        HttpResponse<String> missing = soap("/soap/drivers", envelope("<s:getDriver><s:id>nope</s:id></s:getDriver>"), ADMIN);
        assertEquals(500, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("Fault"));
        assertTrue(missing.body(), missing.body().contains("NOT_FOUND"));
        assertFalse(missing.body().contains("\tat ") || missing.body().contains("Exception"));

        HttpResponse<String> cancel = soap("/soap/tasks", envelope("<s:cancelTask><s:id>no-such-task</s:id></s:cancelTask>"), ADMIN);
        assertTrue(cancel.body(), cancel.body().contains("NOT_FOUND"));

        HttpResponse<String> badName = soap("/soap/inventory", envelope(
                "<s:createDatacenter><s:spec><s:name></s:name></s:spec></s:createDatacenter>"), ADMIN);
        assertTrue(badName.body(), badName.body().contains("INVALID_INPUT"));
    }

    @Test
    public void soapSeesTheSameInventoryAsRest() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host").path("id").asText();
        HttpResponse<String> vms = soap("/soap/inventory",
                envelope("<s:listVirtualMachines><s:hostId>" + hostId + "</s:hostId></s:listVirtualMachines>"), ADMIN);
        assertEquals(vms.body(), 200, vms.statusCode());
        assertTrue(vms.body(), vms.body().contains("<name>test</name>"));
    }

    @Test
    public void shellCommandsListTheInventory() throws Exception {
        String hosts = shell("strata:host-list");
        assertTrue(hosts, hosts.contains("demo-host"));
        assertTrue(hosts, hosts.contains("AVAILABLE"));
        String drivers = shell("strata:driver-list");
        assertTrue(drivers, drivers.contains("org.strata.driver.demo"));

        String added = shell("strata:datacenter-add \"Shell DC\"");
        assertTrue(added, added.contains("Shell DC"));
        String history = shell("strata:history --type datacenter");
        assertTrue(history, history.contains("CREATE"));
    }

    @Test
    public void shellPowerCommandsRunTasks() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host").path("id").asText();
        String vmId = parse(get("/api/v1/hosts/" + hostId + "/vms")).get(0).path("id").asText();
        assertTrue(shell("strata:vm-list " + hostId).contains(vmId));
        for (String command : new String[] {"vm-poweroff", "vm-start"}) {
            String printed = shell("strata:" + command + " " + hostId + " " + vmId);
            String taskId = printed.replaceAll("(?s).*ID\\s*\\|\\s*([0-9a-f-]{36}).*", "$1");
            assertEquals(printed, 36, taskId.length());
            assertEquals("SUCCEEDED", awaitTask(taskId).path("state").asText());
        }
        assertEquals("RUNNING", parse(get("/api/v1/hosts/" + hostId + "/vms")).get(0).path("state").asText());
    }

    @Test
    public void shellErrorsAreOneLineWithTheCode() throws Exception {
        // JUnit inside the container is 4.12 (Pax Exam's), which has no assertThrows.
        try {
            shell("strata:host-info no-such-host");
            fail("an unknown host must fail the command");
        } catch (RuntimeException failure) {
            assertEquals("NOT_FOUND: host 'no-such-host' does not exist", failure.getMessage());
            assertEquals("no stack trace to print", 0, failure.getStackTrace().length);
        }
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(InputStream.nullInputStream(), out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> soap(String path, String body, String user) throws Exception {
        HttpRequest.Builder builder = request(path, user, user == null ? null : ADMIN_PASSWORD)
                .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(builder.build());
    }

    private static String envelope(String body) {
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:s=\"urn:strata:ws:v1\"><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }
}

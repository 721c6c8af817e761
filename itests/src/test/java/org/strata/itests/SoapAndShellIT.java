package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.engine.EventFeed;

/** The SOAP services over real HTTP, and the strata:* shell commands in a real Karaf shell session. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SoapAndShellIT extends StrataTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    protected EventFeed eventFeed;

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
    }

    @Test
    public void soapRequiresAuthenticationAndListsDrivers() throws Exception {
        String listDrivers = envelope("<s:listDrivers/>");
        HttpResponse<String> anonymous = soap("/soap/drivers", listDrivers, null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(
                401,
                send(request("/soap/drivers?wsdl", null, null).GET().build()).statusCode());

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
        HttpResponse<String> missing =
                soap("/soap/drivers", envelope("<s:getDriver><s:id>nope</s:id></s:getDriver>"), ADMIN);
        assertEquals(500, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("Fault"));
        assertTrue(missing.body(), missing.body().contains("NOT_FOUND"));
        assertFalse(missing.body().contains("\tat ") || missing.body().contains("Exception"));

        HttpResponse<String> cancel =
                soap("/soap/tasks", envelope("<s:cancelTask><s:id>no-such-task</s:id></s:cancelTask>"), ADMIN);
        assertTrue(cancel.body(), cancel.body().contains("NOT_FOUND"));

        HttpResponse<String> badName = soap(
                "/soap/inventory",
                envelope("<s:createDatacenter><s:spec><s:name></s:name></s:spec></s:createDatacenter>"),
                ADMIN);
        assertTrue(badName.body(), badName.body().contains("INVALID_INPUT"));
    }

    @Test
    public void soapSeesTheSameInventoryAsRest() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();
        HttpResponse<String> vms = soap(
                "/soap/inventory",
                envelope("<s:listVirtualMachines><s:hostId>" + hostId + "</s:hostId></s:listVirtualMachines>"),
                ADMIN);
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

    /**
     * strata:event-tail follows the engine's feed: an event recorded while it runs is printed, and closing the session
     * ends the command and its subscription (an Event Admin handler of the core bundle).
     */
    @Test
    public void eventTailPrintsPushedEventsUntilItsSessionCloses() throws Exception {
        int handlersBefore = coreEventHandlers();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(InputStream.nullInputStream(), out, out);
        Thread tail = new Thread(
                () -> {
                    try {
                        session.execute("strata:event-tail --type itest.tail");
                    } catch (Exception closing) {
                        // The session closing under the command may end execute() this way: what counts is that it
                        // ends.
                    }
                },
                "itest-event-tail");
        tail.start();
        try {
            await("event-tail subscribes", () -> coreEventHandlers() == handlersBefore + 1);
            eventFeed.record(
                    org.strata.api.event.Event.Severity.INFO, "itest.tail", "itest", "shell", "pushed to the shell");
            await(
                    "the event is printed",
                    () -> bytes.toString(StandardCharsets.UTF_8).contains("pushed to the shell"));
        } finally {
            session.close();
            tail.join(30_000);
        }
        assertFalse("closing the session ends event-tail", tail.isAlive());
        await("event-tail's subscription ends with it", () -> coreEventHandlers() == handlersBefore);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed, printed.contains("itest.tail") && printed.contains("itest:shell"));
    }

    private int coreEventHandlers() throws Exception {
        int count = 0;
        for (org.osgi.framework.ServiceReference<org.osgi.service.event.EventHandler> ref :
                bundleContext.getServiceReferences(org.osgi.service.event.EventHandler.class, null)) {
            if (ref.getBundle() != null
                    && "org.strata.core".equals(ref.getBundle().getSymbolicName())) {
                count++;
            }
        }
        return count;
    }

    @Test
    public void shellPowerCommandsRunTasks() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();
        String vmId =
                parse(get("/api/v1/hosts/" + hostId + "/vms")).get(0).path("id").asText();
        assertTrue(shell("strata:vm-list " + hostId).contains(vmId));
        for (String command : new String[] {"vm-poweroff", "vm-start"}) {
            String printed = shell("strata:" + command + " " + hostId + " " + vmId);
            String taskId = printed.replaceAll("(?s).*ID\\s*\\|\\s*([0-9a-f-]{36}).*", "$1");
            assertEquals(printed, 36, taskId.length());
            assertEquals("SUCCEEDED", awaitTask(taskId).path("state").asText());
        }
        assertEquals(
                "RUNNING",
                parse(get("/api/v1/hosts/" + hostId + "/vms"))
                        .get(0)
                        .path("state")
                        .asText());
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

    /**
     * Every declared operation, over REST, SOAP and the shell: each reaches core (an unknown target is core's
     * NOT_FOUND, after the operation was accepted), and each interface refuses the same bad input with the same code
     * and the same words, because the words are core's, taken from the declaration.
     */
    @Test
    public void everyDeclaredOperationIsReachedAndRefusedAlikeOverRestSoapAndTheShell() throws Exception {
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();
        JsonNode running = null;
        for (JsonNode vm : parse(get("/api/v1/vms?host=" + hostId)).path("items")) {
            if ("RUNNING".equals(vm.path("state").asText())) {
                running = vm;
            }
        }
        assertNotNull("the demo host runs a VM", running);
        String vmId = running.path("id").asText();
        for (Operation op : Operations.of(OperationTarget.VM)) {
            String name = op.name();
            alike(
                    "VM " + name + " on an unknown VM",
                    rest("/api/v1/vms/no-such-vm/actions/" + name),
                    soapOf(
                            "/soap/vms",
                            "<s:vmAction><s:id>no-such-vm</s:id><s:action>" + name + "</s:action></s:vmAction>"),
                    shellOf("strata:vm-" + name + " no-such-vm"),
                    "NOT_FOUND");
            if (op.parameter("timeout").isPresent()) {
                alike(
                        "VM " + name + " with a time-out out of bounds",
                        rest("/api/v1/vms/" + vmId + "/actions/" + name + "?timeout=0"),
                        soapOf(
                                "/soap/vms",
                                "<s:vmAction><s:id>" + vmId + "</s:id><s:action>" + name
                                        + "</s:action><s:timeoutSeconds>0</s:timeoutSeconds></s:vmAction>"),
                        shellOf("strata:vm-" + name + " --timeout 0 " + vmId),
                        "INVALID_INPUT");
            } else {
                // The shell has no --timeout where it does not apply; REST and SOAP must agree.
                alike(
                        "VM " + name + " with a time-out it does not take",
                        rest("/api/v1/vms/" + vmId + "/actions/" + name + "?timeout=30"),
                        soapOf(
                                "/soap/vms",
                                "<s:vmAction><s:id>" + vmId + "</s:id><s:action>" + name
                                        + "</s:action><s:timeoutSeconds>30</s:timeoutSeconds></s:vmAction>"),
                        null,
                        "INVALID_INPUT");
            }
            if (!op.allowedIn(org.strata.api.vm.VmState.RUNNING)) {
                // CONFLICT, or UNSUPPORTED where the demo driver lacks the capability (checked first): alike anyway.
                alike(
                        "VM " + name + " on a running VM",
                        rest("/api/v1/vms/" + vmId + "/actions/" + name),
                        soapOf(
                                "/soap/vms",
                                "<s:vmAction><s:id>" + vmId + "</s:id><s:action>" + name + "</s:action></s:vmAction>"),
                        shellOf("strata:vm-" + name + " " + vmId),
                        "CONFLICT",
                        "UNSUPPORTED");
            }
        }
        alike(
                "an undeclared VM action",
                rest("/api/v1/vms/" + vmId + "/actions/fly"),
                soapOf("/soap/vms", "<s:vmAction><s:id>" + vmId + "</s:id><s:action>fly</s:action></s:vmAction>"),
                null,
                "INVALID_INPUT");
        for (Operation op : Operations.of(OperationTarget.MACHINE)) {
            alike(
                    "machine " + op.name() + " on an unknown machine",
                    rest("/api/v1/hosts/no-such-host/power/" + op.name()),
                    soapOf(
                            "/soap/hardware",
                            "<s:power><s:hostId>no-such-host</s:hostId><s:action>" + op.name()
                                    + "</s:action></s:power>"),
                    shellOf("strata:hw-power no-such-host " + op.name()),
                    "NOT_FOUND");
        }
        alike(
                "an undeclared machine action",
                rest("/api/v1/hosts/no-such-host/power/fly"),
                soapOf(
                        "/soap/hardware",
                        "<s:power><s:hostId>no-such-host</s:hostId><s:action>fly</s:action></s:power>"),
                shellOf("strata:hw-power no-such-host fly"),
                "INVALID_INPUT");
        for (Operation op : Operations.of(OperationTarget.HOST_VM)) {
            alike(
                    "host-scoped VM " + op.name() + " on an unknown host",
                    rest("/api/v1/hosts/no-such-host/vms/some-vm/" + op.name()),
                    soapOf(
                            "/soap/inventory",
                            "<s:powerVirtualMachine><s:hostId>no-such-host</s:hostId><s:vmId>some-vm"
                                    + "</s:vmId><s:operation>" + op.name() + "</s:operation></s:powerVirtualMachine>"),
                    shellOf("strata:vm-" + op.name() + " no-such-host some-vm"),
                    "NOT_FOUND");
        }
    }

    /** An interface's refusal: its code and its words. */
    private record Refusal(String code, String message) {}

    private Refusal rest(String path) throws Exception {
        HttpResponse<String> answer = post(path, "");
        JsonNode problem = parse(answer);
        return new Refusal(
                problem.path("code").asText("HTTP " + answer.statusCode()),
                problem.path("detail").asText());
    }

    private Refusal soapOf(String path, String body) throws Exception {
        String answer = soap(path, envelope(body), ADMIN).body();
        return new Refusal(element(answer, "code"), element(answer, "faultstring"));
    }

    private Refusal shellOf(String command) throws Exception {
        try {
            return new Refusal("accepted", shell(command));
        } catch (RuntimeException failure) {
            String line = String.valueOf(failure.getMessage());
            int colon = line.indexOf(": ");
            return colon < 0
                    ? new Refusal("?", line)
                    : new Refusal(line.substring(0, colon), line.substring(colon + 2));
        }
    }

    private static void alike(String what, Refusal rest, Refusal soap, Refusal shell, String... codes) {
        assertTrue(what + " over REST: " + rest, java.util.List.of(codes).contains(rest.code()));
        assertEquals(what + " over SOAP", rest, soap);
        if (shell != null) {
            assertEquals(what + " in the shell", rest, shell);
        }
    }

    /** The text of the first element of that local name, with XML's escapes undone. */
    private static String element(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(?:\\w+:)?" + name + ">([^<]*)</")
                .matcher(xml);
        return !m.find()
                ? "(no " + name + " in " + xml + ")"
                : m.group(1)
                        .replace("&apos;", "'")
                        .replace("&quot;", "\"")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&");
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
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(builder.build());
    }

    private static String envelope(String body) {
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:s=\"urn:strata:ws:v1\"><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }
}

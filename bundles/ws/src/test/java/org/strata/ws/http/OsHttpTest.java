package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.os.OsAccount;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.api.os.ProvisioningStep;

/**
 * The OS layer over real HTTP, REST and SOAP, over {@link InMemoryOsServiceForTests} (a hand-written stand-in for the
 * OS layer's service, whose real implementation is another bundle): routes, bodies (enums as their names, nested
 * accounts, unknown fields and wrong JSON types refused), status codes and problem bodies (400, 404, 409), the task a
 * provisioning starts, paging, roles (viewers read, admins write, platform users only), and 503 / UNAVAILABLE while
 * the OS layer is not running. What the service stored is read from the service itself, not from the answer.
 */
public class OsHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    /** Install trees are real folders: the service reads them. */
    @Rule
    public final TemporaryFolder folders = new TemporaryFolder();

    @Before
    public void noImagesTreesOrProvisioningsYet() {
        server.os.forget();
    }

    private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        return MAPPER.readTree(response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        JsonNode body = TestServer.problem(response, status, code);
        assertFalse(response.body(), response.body().contains("Exception"));
        return body;
    }

    private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        return server.send(method, "/api/v1" + path, user, body == null ? null : JSON, body);
    }

    private static String image(String name) {
        return "{\"name\":\"" + name + "\",\"profileId\":\"debian-12\",\"storageHostId\":\"sh-1\",\"pool\":\"images\","
                + "\"volume\":\"" + name + ".qcow2\"}";
    }

    private static String imageId(String name) throws Exception {
        return ok(send("POST", "/os/images", "admin", image(name)), 201)
                .get("id")
                .asText();
    }

    private static String deploy(String vm, String imageId) {
        return "{\"targetType\":\"vm\",\"targetId\":\"" + vm + "\",\"profileId\":\"debian-12\","
                + "\"method\":\"IMAGE_DEPLOY\",\"imageId\":\"" + imageId + "\",\"hostname\":\"web1\"}";
    }

    @Test
    public void profilesAreListedAndShownToPlatformUsers() throws Exception {
        JsonNode all = ok(send("GET", "/os/profiles", "viewer", null), 200);
        assertEquals(3, all.size());
        assertEquals("debian-12", all.at("/0/id").asText());
        // In the enum's order, whatever order the profile's set has in this JVM.
        assertEquals(
                MAPPER.readTree("[\"NETWORK_INSTALL\",\"IMAGE_DEPLOY\",\"SAN_BOOT\",\"NAS_BOOT\"]"),
                all.at("/0/methods"));
        JsonNode rhel = ok(send("GET", "/os/profiles/rhel-9", "viewer", null), 200);
        assertEquals("org.strata.driver.os.rhel", rhel.get("driverId").asText());
        assertEquals("x86_64", rhel.get("architecture").asText());
        assertEquals(2, rhel.get("methods").size());
        problem(send("GET", "/os/profiles/solaris-11", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/os/profiles", "acme-admin", null), 403, "FORBIDDEN");
        problem(send("GET", "/os/profiles", "nobody", null), 403, "FORBIDDEN");
        problem(send("GET", "/os/profiles", null, null), 401, "UNAUTHENTICATED");
        problem(send("GET", "/os/profiles?limit=5", "viewer", null), 400, "INVALID_INPUT");
    }

    @Test
    public void imagesAreRegisteredCheckedListedAndRemoved() throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/os/images",
                "admin",
                "{\"name\":\"deb12-nas\",\"profileId\":\"debian-12\",\"storageHostId\":\"sh-1\",\"pool\":\"images\","
                        + "\"volume\":\"deb12\",\"kernel\":\"/srv/nas/vmlinuz\",\"initrd\":\"/srv/nas/initrd.img\","
                        + "\"nfsRoot\":\"127.0.0.1:/export/deb12\"}");
        JsonNode image = ok(created, 201);
        String id = image.get("id").asText();
        assertEquals(
                server.base + "/api/v1/os/images/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertEquals("127.0.0.1:/export/deb12", server.os.image(id).nfsRoot());
        assertEquals("/srv/nas/vmlinuz", server.os.image(id).kernel());

        assertEquals(1, ok(send("GET", "/os/images", "viewer", null), 200).size());
        JsonNode one = ok(send("GET", "/os/images/" + id, "viewer", null), 200);
        assertEquals("deb12-nas", one.get("name").asText());
        assertEquals("2026-12-06T12:00:00Z", one.get("created").asText());

        for (String bad : List.of(
                "{\"name\":\"x\",\"profileId\":\"debian-12\",\"storageHostId\":\"sh-1\",\"pool\":\"p\","
                        + "\"volume\":\"v\",\"colour\":\"red\"}",
                "{\"name\":12,\"profileId\":\"debian-12\",\"storageHostId\":\"sh-1\",\"pool\":\"p\",\"volume\":\"v\"}",
                "{\"name\":\"x\",\"profileId\":\"solaris\",\"storageHostId\":\"sh-1\",\"pool\":\"p\",\"volume\":\"v\"}",
                "{\"name\":\"x\",\"profileId\":\"debian-12\",\"storageHostId\":\"sh-9\",\"pool\":\"p\",\"volume\":\"v\"}",
                "{\"name\":\" \",\"profileId\":\"debian-12\",\"storageHostId\":\"sh-1\",\"pool\":\"p\",\"volume\":\"v\"}",
                "[]",
                "null")) {
            problem(send("POST", "/os/images", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/os/images", "admin", ""), 400, "INVALID_INPUT");
        problem(send("POST", "/os/images", "admin", image("deb12-nas")), 409, "CONFLICT");
        problem(send("POST", "/os/images", "viewer", image("other")), 403, "FORBIDDEN");
        problem(send("POST", "/os/images", "acme-admin", image("other")), 403, "FORBIDDEN");
        assertEquals(1, server.os.images().size());

        // An image a running provisioning uses stays; once that is over it can go.
        ok(send("POST", "/provisionings", "admin", deploy("vm-1", id)), 202);
        problem(send("DELETE", "/os/images/" + id, "admin", null), 409, "CONFLICT");
        server.os.forget();
        id = imageId("deb12");
        problem(send("DELETE", "/os/images/" + id, "viewer", null), 403, "FORBIDDEN");
        HttpResponse<String> removed = send("DELETE", "/os/images/" + id, "admin", null);
        assertEquals(removed.body(), 204, removed.statusCode());
        assertTrue(server.os.images().isEmpty());
        problem(send("DELETE", "/os/images/" + id, "admin", null), 404, "NOT_FOUND");
        problem(send("GET", "/os/images/" + id, "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void installTreesAreRealFoldersCountedAndRemoved() throws Exception {
        Path tree = folders.newFolder("debian-installer").toPath();
        Files.createDirectories(tree.resolve("amd64"));
        Files.writeString(tree.resolve("amd64/linux"), "kernel");
        Files.writeString(tree.resolve("amd64/initrd.gz"), "initrd");
        String body = "{\"name\":\"bookworm\",\"profileId\":\"debian-12\",\"path\":\"" + tree + "\"}";
        HttpResponse<String> created = send("POST", "/os/trees", "admin", body);
        JsonNode t = ok(created, 201);
        assertEquals(2, t.get("files").asInt());
        String id = t.get("id").asText();
        assertEquals(
                server.base + "/api/v1/os/trees/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertEquals(tree.toString(), server.os.installTrees().get(0).path());
        assertEquals(
                2,
                ok(send("GET", "/os/trees/" + id, "viewer", null), 200)
                        .get("files")
                        .asInt());
        assertEquals(
                id,
                ok(send("GET", "/os/trees", "viewer", null), 200).at("/0/id").asText());

        Path file = folders.newFile("not-a-folder").toPath();
        for (String bad : List.of(
                "{\"name\":\"t\",\"profileId\":\"debian-12\",\"path\":\"" + tree.resolve("nowhere") + "\"}",
                "{\"name\":\"t\",\"profileId\":\"debian-12\",\"path\":\"" + file + "\"}",
                "{\"name\":\"t\",\"profileId\":\"debian-12\",\"path\":\"relative/tree\"}",
                "{\"name\":\"t\",\"profileId\":\"plan9\",\"path\":\"" + tree + "\"}",
                "{\"name\":\"t\",\"profileId\":\"debian-12\",\"path\":[\"" + tree + "\"]}",
                "{\"name\":\"t\",\"profileId\":\"debian-12\",\"path\":\"" + tree + "\",\"files\":2,\"size\":1}")) {
            problem(send("POST", "/os/trees", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/os/trees", "admin", body), 409, "CONFLICT");
        problem(send("POST", "/os/trees", "viewer", body), 403, "FORBIDDEN");
        // What GET answered can be sent back: its read-only fields are accepted and ignored.
        JsonNode back = ok(send("GET", "/os/trees", "viewer", null), 200).get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) back).put("name", "bookworm-2");
        assertEquals(
                2,
                ok(send("POST", "/os/trees", "admin", back.toString()), 201)
                        .get("files")
                        .asInt());

        HttpResponse<String> removed = send("DELETE", "/os/trees/" + id, "admin", null);
        assertEquals(removed.body(), 204, removed.statusCode());
        assertEquals(1, server.os.installTrees().size());
        problem(send("DELETE", "/os/trees/" + id, "admin", null), 404, "NOT_FOUND");
        problem(send("GET", "/os/trees/" + id, "viewer", null), 404, "NOT_FOUND");
        problem(send("DELETE", "/os/trees/" + id, "viewer", null), 403, "FORBIDDEN");
        HttpResponse<String> options = send("OPTIONS", "/os/trees/" + id, "viewer", null);
        assertEquals(
                "DELETE, GET, HEAD, OPTIONS",
                options.headers().firstValue("Allow").orElse(""));
    }

    @Test
    public void aProvisioningStartsATaskAndIsRecordedWithItsRequest() throws Exception {
        String image = imageId("deb12");
        JsonNode task = server.accepted(
                send(
                        "POST",
                        "/provisionings",
                        "admin",
                        "{\"targetType\":\"vm\",\"targetId\":\"vm-2\",\"profileId\":\"debian-12\","
                                + "\"method\":\" IMAGE_DEPLOY \",\"imageId\":\"" + image + "\",\"hostname\":\"db1\","
                                + "\"domain\":\"lab.example\",\"accounts\":[{\"name\":\"ops\",\"passwordHash\":"
                                + "\"$6$salt$hash\",\"sshKeys\":[\"ssh-ed25519 AAAA ops@lab\"]},{\"name\":\"backup\"}],"
                                + "\"packages\":[\"postgresql\"],\"mirror\":\"http://127.0.0.1:3142/debian\","
                                + "\"extra\":{\"locale\":\"en_GB.UTF-8\"}}"),
                "os.provision",
                "vm-2");
        assertEquals("vm", task.get("targetType").asText());
        assertEquals("admin", task.get("principal").asText());
        Provisioning recorded = server.os
                .provisionings(org.strata.api.PageRequest.of(0, 1))
                .items()
                .get(0);
        assertEquals(task.get("id").asText(), recorded.taskId());
        assertEquals(
                new ProvisionRequest(
                        "vm",
                        "vm-2",
                        "debian-12",
                        ProvisioningMethod.IMAGE_DEPLOY,
                        image,
                        null,
                        "db1",
                        "lab.example",
                        List.of(
                                new OsAccount("ops", "$6$salt$hash", List.of("ssh-ed25519 AAAA ops@lab")),
                                new OsAccount("backup", null, null)),
                        List.of("postgresql"),
                        "http://127.0.0.1:3142/debian",
                        Map.of("locale", "en_GB.UTF-8"),
                        null),
                server.os.request(recorded.id()));

        // Wrong shapes are refused while binding; what the profile cannot serve by the service; nothing starts.
        for (String bad : List.of(
                deploy("vm-1", image).replace("IMAGE_DEPLOY", "image_deploy"),
                deploy("vm-1", image).replace("IMAGE_DEPLOY", "TELEPORT"),
                deploy("vm-1", image).replace("\"IMAGE_DEPLOY\"", "1"),
                deploy("vm-1", image).replace("}", ",\"accounts\":\"ops\"}"),
                deploy("vm-1", image).replace("}", ",\"accounts\":[{\"name\":\"ops\",\"shell\":\"/bin/sh\"}]}"),
                deploy("vm-1", image).replace("}", ",\"accounts\":[{\"name\":\"ops\",\"sshKeys\":\"k\"}]}"),
                deploy("vm-1", image).replace("}", ",\"extra\":{\"locale\":1}}"),
                deploy("vm-1", image).replace("}", ",\"packages\":\"vim\"}"),
                deploy("vm-1", image).replace("}", ",\"packages\":[null]}"),
                deploy("vm-1", image).replace("}", ",\"accounts\":[null]}"),
                deploy("vm-1", image).replace("}", ",\"accounts\":[{\"name\":\"ops\",\"sshKeys\":[null]}]}"),
                deploy("vm-1", image).replace("}", ",\"extra\":{\"locale\":null}}"),
                deploy("vm-1", image).replace("}", ",\"colour\":\"red\"}"),
                deploy("vm-1", image).replace("debian-12", "rhel-9").replace("IMAGE_DEPLOY", "SAN_BOOT"),
                deploy("vm-1", image).replace("\"vm\"", "\"container\""),
                deploy("vm-9", image),
                deploy("vm-1", "img-404"),
                deploy("vm-1", image).replace("IMAGE_DEPLOY", "NETWORK_INSTALL"),
                deploy("vm-1", image).replace("\"web1\"", "null"),
                "null")) {
            problem(send("POST", "/provisionings", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/provisionings?wait=61", "admin", deploy("vm-1", image)), 400, "INVALID_INPUT");
        problem(send("POST", "/provisionings?wait=x", "admin", deploy("vm-1", image)), 400, "INVALID_INPUT");
        problem(send("POST", "/provisionings", "admin", deploy("vm-2", image)), 409, "CONFLICT");
        problem(send("POST", "/provisionings", "viewer", deploy("vm-1", image)), 403, "FORBIDDEN");
        problem(send("POST", "/provisionings", "acme-admin", deploy("vm-1", image)), 403, "FORBIDDEN");
        assertEquals(
                1, server.os.provisionings(org.strata.api.PageRequest.of(0, 10)).total());

        // ?wait answers 200 with the task once it has finished in time (the test's tasks finish when read).
        JsonNode waited = ok(send("POST", "/provisionings?wait=5", "admin", deploy("vm-1", image)), 200);
        assertEquals("SUCCEEDED", waited.get("state").asText());
        // A bare-metal machine, installed over the network from a tree.
        Path tree = folders.newFolder("tree").toPath();
        String treeId = ok(
                        send(
                                "POST",
                                "/os/trees",
                                "admin",
                                "{\"name\":\"bookworm\",\"profileId\":\"debian-12\",\"path\":\"" + tree + "\"}"),
                        201)
                .get("id")
                .asText();
        server.accepted(
                send(
                        "POST",
                        "/provisionings",
                        "admin",
                        "{\"targetType\":\"machine\",\"targetId\":\"m-1\",\"profileId\":\"debian-12\",\"method\":"
                                + "\"NETWORK_INSTALL\",\"installTreeId\":\"" + treeId + "\",\"hostname\":\"bm1\"}"),
                "os.provision",
                "m-1");
    }

    @Test
    public void provisioningsArePagedNewestFirstAndShownWithTheirSteps() throws Exception {
        java.time.Instant t0 = InMemoryOsServiceForTests.T0;
        for (int i = 1; i <= 3; i++) {
            server.os.seed(new Provisioning(
                    "p-" + i,
                    "vm",
                    "vm-" + i,
                    "debian-12",
                    ProvisioningMethod.NAS_BOOT,
                    "host" + i,
                    i == 3 ? ProvisioningState.BOOTING : ProvisioningState.BOOTED,
                    null,
                    "task-p" + i,
                    List.of(
                            new ProvisioningStep("prepare", "nfs root cloned", t0.plusSeconds(i * 100)),
                            new ProvisioningStep("callback", "booted from 10.0.2.15", t0.plusSeconds(i * 100 + 40))),
                    t0.plusSeconds(i * 100),
                    i == 3 ? null : t0.plusSeconds(i * 100 + 40)));
        }
        JsonNode page = ok(send("GET", "/provisionings", "viewer", null), 200);
        assertEquals(3, page.get("total").asInt());
        assertEquals("p-3", page.at("/items/0/id").asText());
        JsonNode second = ok(send("GET", "/provisionings?offset=1&limit=1", "viewer", null), 200);
        assertEquals(1, second.get("items").size());
        assertEquals("p-2", second.at("/items/0/id").asText());
        assertEquals(1, second.get("offset").asInt());
        problem(send("GET", "/provisionings?limit=0", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/provisionings?limit=501", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/provisionings?state=BOOTED", "viewer", null), 400, "INVALID_INPUT");

        JsonNode one = ok(send("GET", "/provisionings/p-3", "viewer", null), 200);
        assertEquals("BOOTING", one.get("state").asText());
        assertEquals("NAS_BOOT", one.get("method").asText());
        assertTrue(one.get("ended").isNull());
        assertEquals("callback", one.at("/steps/1/step").asText());
        assertEquals("2026-12-06T12:05:40Z", one.at("/steps/1/at").asText());
        problem(send("GET", "/provisionings/p-9", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/provisionings/p-3", "acme-user", null), 403, "FORBIDDEN");
        HttpResponse<String> delete = send("DELETE", "/provisionings/p-3", "admin", null);
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD, OPTIONS", delete.headers().firstValue("Allow").orElse(""));
    }

    @Test
    public void everyRouteAnswers503WithoutTheLayer() throws Exception {
        server.osLayerRunning = false;
        try {
            for (String[] call : List.of(
                    new String[] {"GET", "/os/profiles", null},
                    new String[] {"GET", "/os/profiles/debian-12", null},
                    new String[] {"GET", "/os/images", null},
                    new String[] {"POST", "/os/images", image("x")},
                    new String[] {"GET", "/os/images/img-1", null},
                    new String[] {"DELETE", "/os/images/img-1", null},
                    new String[] {"GET", "/os/trees", null},
                    new String[] {"POST", "/os/trees", "{\"name\":\"t\",\"profileId\":\"p\",\"path\":\"/srv\"}"},
                    new String[] {"GET", "/os/trees/tree-1", null},
                    new String[] {"DELETE", "/os/trees/tree-1", null},
                    new String[] {"POST", "/provisionings", deploy("vm-1", "img-1")},
                    new String[] {"GET", "/provisionings", null},
                    new String[] {"GET", "/provisionings/p-1", null})) {
                JsonNode body = problem(send(call[0], call[1], "admin", call[2]), 503, "UNAVAILABLE");
                assertTrue(body.toString(), body.get("detail").asText().contains("strata-os"));
            }
            // A body is checked before the layer is asked.
            problem(
                    send("POST", "/provisionings", "admin", deploy("vm-1", "i").replace("IMAGE_DEPLOY", "SOON")),
                    400,
                    "INVALID_INPUT");
        } finally {
            server.osLayerRunning = true;
        }
    }

    // ---- SOAP

    private static HttpResponse<String> call(String user, String operation) throws Exception {
        return server.send("POST", "/soap/os", user, XML, envelope(operation));
    }

    private static String fault(HttpResponse<String> answer, String code) {
        assertEquals(answer.body(), 500, answer.statusCode());
        assertEquals(answer.body(), code, element(answer.body(), "code"));
        assertFalse(answer.body(), answer.body().contains("Exception"));
        return answer.body();
    }

    private static String ok(HttpResponse<String> answer) {
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }

    private static final List<String> OPERATIONS = List.of(
            "listOsProfiles",
            "getOsProfile",
            "listOsImages",
            "getOsImage",
            "registerOsImage",
            "removeOsImage",
            "listInstallTrees",
            "getInstallTree",
            "registerInstallTree",
            "removeInstallTree",
            "provision",
            "listProvisionings",
            "getProvisioning");

    @Test
    public void theSoapServicePublishesEveryOperation() throws Exception {
        String wsdl = server.send("GET", "/soap/os?wsdl", "viewer", null, null).body();
        assertTrue(wsdl, wsdl.contains("name=\"OsWebService\""));
        for (String op : OPERATIONS) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
    }

    @Test
    public void soapRegistersProvisionsAndReadsTheSameObjects() throws Exception {
        String profiles = ok(call("viewer", "<s:listOsProfiles/>"));
        assertTrue(profiles, profiles.contains("windows-2022") && profiles.contains("SAN_BOOT"));
        assertEquals(
                "RHEL 9", element(ok(call("viewer", "<s:getOsProfile><s:id>rhel-9</s:id></s:getOsProfile>")), "name"));
        fault(call("viewer", "<s:getOsProfile><s:id>beos</s:id></s:getOsProfile>"), "NOT_FOUND");

        String registered = ok(call(
                "admin",
                "<s:registerOsImage><s:spec><s:name>deb12</s:name><s:profileId>debian-12</s:profileId>"
                        + "<s:storageHostId>sh-1</s:storageHostId><s:pool>images</s:pool><s:volume>deb12.qcow2"
                        + "</s:volume></s:spec></s:registerOsImage>"));
        String image = element(registered, "id");
        assertEquals("deb12.qcow2", server.os.image(image).volume());
        assertEquals(
                "deb12",
                element(ok(call("viewer", "<s:getOsImage><s:id>" + image + "</s:id></s:getOsImage>")), "name"));
        assertEquals(image, element(ok(call("viewer", "<s:listOsImages/>")), "id"));
        fault(
                call(
                        "admin",
                        "<s:registerOsImage><s:spec><s:name>deb12</s:name><s:profileId>debian-12</s:profileId>"
                                + "<s:storageHostId>sh-1</s:storageHostId><s:pool>p</s:pool><s:volume>v</s:volume>"
                                + "</s:spec></s:registerOsImage>"),
                "CONFLICT");
        fault(call("admin", "<s:registerOsImage/>"), "INVALID_INPUT");
        fault(call("viewer", "<s:registerOsImage><s:spec/></s:registerOsImage>"), "FORBIDDEN");
        assertEquals(403, call("acme-admin", "<s:listOsImages/>").statusCode());

        Path tree = folders.newFolder("tree").toPath();
        Files.writeString(tree.resolve("linux"), "kernel");
        String t = ok(call(
                "admin",
                "<s:registerInstallTree><s:spec><s:name>bookworm</s:name><s:profileId>debian-12</s:profileId>"
                        + "<s:path>" + tree + "</s:path></s:spec></s:registerInstallTree>"));
        assertEquals("1", element(t, "files"));
        String treeId = element(t, "id");
        assertEquals(treeId, element(ok(call("viewer", "<s:listInstallTrees/>")), "id"));
        assertEquals(
                "bookworm",
                element(
                        ok(call("viewer", "<s:getInstallTree><s:id>" + treeId + "</s:id></s:getInstallTree>")),
                        "name"));
        fault(call("viewer", "<s:getInstallTree><s:id>tree-404</s:id></s:getInstallTree>"), "NOT_FOUND");
        fault(
                call(
                        "admin",
                        "<s:registerInstallTree><s:spec><s:name>x</s:name><s:profileId>debian-12</s:profileId>"
                                + "<s:path>/nowhere/at/all</s:path></s:spec></s:registerInstallTree>"),
                "INVALID_INPUT");

        String task = ok(call(
                "admin",
                "<s:provision><s:request><s:targetType>vm</s:targetType><s:targetId>vm-1</s:targetId>"
                        + "<s:profileId>debian-12</s:profileId><s:method> IMAGE_DEPLOY </s:method>"
                        + "<s:imageId>" + image + "</s:imageId><s:hostname>web1</s:hostname>"
                        + "<s:account><s:name>ops</s:name><s:sshKey>ssh-ed25519 AAAA ops@lab</s:sshKey></s:account>"
                        + "<s:package>vim</s:package><s:package>curl</s:package>"
                        + "<s:extra><s:key>locale</s:key><s:value>C.UTF-8</s:value></s:extra>"
                        + "</s:request></s:provision>"));
        assertEquals("os.provision", element(task, "operation"));
        Provisioning recorded = server.os
                .provisionings(org.strata.api.PageRequest.of(0, 1))
                .items()
                .get(0);
        assertEquals(element(task, "id"), recorded.taskId());
        ProvisionRequest request = server.os.request(recorded.id());
        assertEquals(ProvisioningMethod.IMAGE_DEPLOY, request.method());
        assertEquals(List.of(new OsAccount("ops", null, List.of("ssh-ed25519 AAAA ops@lab"))), request.accounts());
        assertEquals(List.of("vim", "curl"), request.packages());
        assertEquals(Map.of("locale", "C.UTF-8"), request.extra());
        assertNull(request.mirror());

        String page = ok(call("viewer", "<s:listProvisionings><s:limit>1</s:limit></s:listProvisionings>"));
        assertEquals("1", element(page, "total"));
        assertEquals("PREPARING", element(page, "state"));
        String one = ok(call("viewer", "<s:getProvisioning><s:id>" + recorded.id() + "</s:id></s:getProvisioning>"));
        assertEquals("IMAGE_DEPLOY", element(one, "method"));
        assertEquals("prepare", element(one, "step"));
        fault(call("viewer", "<s:getProvisioning><s:id>p-404</s:id></s:getProvisioning>"), "NOT_FOUND");
        fault(call("viewer", "<s:listProvisionings><s:limit>0</s:limit></s:listProvisionings>"), "INVALID_INPUT");

        String vm2 = "<s:targetType>vm</s:targetType><s:targetId>vm-2</s:targetId><s:profileId>debian-12</s:profileId>"
                + "<s:imageId>" + image + "</s:imageId><s:hostname>db1</s:hostname>";
        fault(
                call(
                        "admin",
                        "<s:provision><s:request>" + vm2 + "<s:method>image_deploy</s:method></s:request>"
                                + "</s:provision>"),
                "INVALID_INPUT");
        fault(
                call(
                        "admin",
                        "<s:provision><s:request>" + vm2 + "<s:method>IMAGE_DEPLOY</s:method>"
                                + "<s:extra><s:value>x</s:value></s:extra></s:request></s:provision>"),
                "INVALID_INPUT");
        fault(
                call(
                        "admin",
                        "<s:provision><s:request>" + vm2 + "<s:method>IMAGE_DEPLOY</s:method>"
                                + "<s:extra><s:key>a</s:key></s:extra><s:extra><s:key>a</s:key></s:extra></s:request></s:provision>"),
                "INVALID_INPUT");
        fault(call("admin", "<s:provision/>"), "INVALID_INPUT");
        fault(call("viewer", "<s:provision><s:request>" + vm2 + "</s:request></s:provision>"), "FORBIDDEN");
        fault(call("admin", "<s:removeOsImage><s:id>" + image + "</s:id></s:removeOsImage>"), "CONFLICT");
        assertEquals(
                1, server.os.provisionings(org.strata.api.PageRequest.of(0, 10)).total());

        ok(call("admin", "<s:removeInstallTree><s:id>" + treeId + "</s:id></s:removeInstallTree>"));
        assertTrue(server.os.installTrees().isEmpty());
        fault(call("admin", "<s:removeInstallTree><s:id>" + treeId + "</s:id></s:removeInstallTree>"), "NOT_FOUND");
        server.os.forget();
        String image2 = element(
                ok(call(
                        "admin",
                        "<s:registerOsImage><s:spec><s:name>deb12</s:name><s:profileId>debian-12</s:profileId>"
                                + "<s:storageHostId>sh-1</s:storageHostId><s:pool>p</s:pool><s:volume>v</s:volume>"
                                + "</s:spec></s:registerOsImage>")),
                "id");
        ok(call("admin", "<s:removeOsImage><s:id>" + image2 + "</s:id></s:removeOsImage>"));
        assertTrue(server.os.images().isEmpty());
    }

    @Test
    public void everySoapOperationIsUnavailableWithoutTheLayer() throws Exception {
        server.osLayerRunning = false;
        try {
            for (String op : OPERATIONS) {
                String body = op.startsWith("list") ? "<s:" + op + "/>" : "<s:" + op + "><s:id>x</s:id></s:" + op + ">";
                if (op.startsWith("register")) {
                    body = "<s:" + op + "><s:spec/></s:" + op + ">";
                } else if (op.equals("provision")) {
                    body = "<s:provision><s:request/></s:provision>";
                }
                assertTrue(op, fault(call("admin", body), "UNAVAILABLE").contains("strata-os"));
            }
        } finally {
            server.osLayerRunning = true;
        }
    }
}

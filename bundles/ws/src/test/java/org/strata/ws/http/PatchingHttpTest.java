package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.ComplianceStatus;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.TargetKind;

/**
 * Patching over real HTTP (REST), over {@link InMemoryPatchServiceForTests} (a hand-written stand-in for the patching
 * service, whose real implementation is another bundle): routes, bodies, status codes and problem bodies (400, 404,
 * 409, 413, 415), package uploads streamed as raw bodies with the size limit, the tasks scans, reads and remediations
 * start, the compliance report as JSON and CSV, patch windows, roles, and 503 while patching is not running. What the service stored
 * is read from the service itself, not from the answer.
 */
public class PatchingHttpTest {
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    @Before
    public void nothingYet() {
        server.patching.forget();
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
        return server.send(method, "/api/v1/patching" + path, user, body == null ? null : JSON, body);
    }

    private static HttpResponse<String> upload(String repo, String user, String type, byte[] file, boolean chunked)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.base + "/api/v1/patching/repositories/" + repo + "/packages"))
                .header("Authorization", TestServer.basic(user, TestServer.PASSWORD))
                .header("Content-Type", type)
                .POST(
                        chunked
                                // No length known in advance: sent chunked, so the limit is met while reading.
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(file))
                                : HttpRequest.BodyPublishers.ofByteArray(file));
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the stand-in reads of a .deb: the ar magic, then control lines in plain text. */
    private static byte[] deb(String name, String version) {
        return ("!<arch>\ndebian-binary   0  0  0  100644  4  `\n2.0\nPackage: " + name + "\nVersion: " + version
                        + "\nArchitecture: all\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String repository(String name) throws Exception {
        return ok(send("POST", "/repositories", "admin", "{\"name\":\"" + name + "\",\"family\":\"debian\"}"), 201)
                .get("id")
                .asText();
    }

    private static String baseline(String repo) throws Exception {
        return ok(
                        send(
                                "POST",
                                "/baselines",
                                "admin",
                                "{\"name\":\"sec\",\"profileId\":\"debian-12\",\"repositoryId\":\"" + repo
                                        + "\",\"packages\":[{\"name\":\"hello\",\"minimumVersion\":\"1.1\"}]}"),
                        201)
                .get("id")
                .asText();
    }

    @Test
    public void repositoriesAreAddedListedAndRemoved() throws Exception {
        HttpResponse<String> created =
                send("POST", "/repositories", "admin", "{\"name\":\"local\",\"family\":\"debian\"}");
        JsonNode local = ok(created, 201);
        String id = local.get("id").asText();
        assertEquals(
                server.base + "/api/v1/patching/repositories/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertTrue(local.get("local").asBoolean());
        assertEquals("./", local.get("suite").asText());
        JsonNode external = ok(
                send(
                        "POST",
                        "/repositories",
                        "admin",
                        "{\"name\":\"security\",\"family\":\"debian\",\"url\":\"http://127.0.0.1:3142/debian-security\","
                                + "\"suite\":\"bookworm-security\",\"components\":[\"main\"]}"),
                201);
        assertFalse(external.get("local").asBoolean());
        assertEquals(
                List.of("main"),
                server.patching.repository(external.get("id").asText()).components());
        assertEquals(2, ok(send("GET", "/repositories", "viewer", null), 200).size());
        assertEquals(
                "local",
                ok(send("GET", "/repositories/" + id, "viewer", null), 200)
                        .get("name")
                        .asText());

        for (String bad : List.of(
                "{\"name\":\"x\",\"family\":\"solaris\"}",
                "{\"name\":\"a b\",\"family\":\"debian\"}",
                "{\"name\":\"x\",\"family\":\"debian\",\"colour\":\"red\"}",
                "{\"name\":\"x\",\"family\":\"debian\",\"components\":\"main\"}",
                "[]",
                "null")) {
            problem(send("POST", "/repositories", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/repositories", "admin", "{\"name\":\"local\",\"family\":\"debian\"}"), 409, "CONFLICT");
        problem(send("POST", "/repositories", "viewer", "{\"name\":\"v\",\"family\":\"debian\"}"), 403, "FORBIDDEN");
        problem(send("GET", "/repositories", "acme-admin", null), 403, "FORBIDDEN");
        problem(send("GET", "/repositories", null, null), 401, "UNAUTHENTICATED");
        problem(send("GET", "/repositories/repo-404", "viewer", null), 404, "NOT_FOUND");

        // A repository a baseline names stays; then it goes.
        String b = baseline(id);
        problem(send("DELETE", "/repositories/" + id, "admin", null), 409, "CONFLICT");
        assertEquals(204, send("DELETE", "/baselines/" + b, "admin", null).statusCode());
        problem(send("DELETE", "/repositories/" + id, "viewer", null), 403, "FORBIDDEN");
        assertEquals(204, send("DELETE", "/repositories/" + id, "admin", null).statusCode());
        assertEquals(1, server.patching.repositories().size());
    }

    @Test
    public void packagesAreUploadedAsRawFilesListedAndRemoved() throws Exception {
        String repo = repository("local");
        HttpResponse<String> created =
                upload(repo, "admin", "application/vnd.debian.binary-package", deb("hello", "1.1"), false);
        JsonNode p = ok(created, 201);
        assertEquals("hello_1.1_all.deb", p.get("fileName").asText());
        assertEquals(deb("hello", "1.1").length, p.get("size").asLong());
        assertEquals(64, p.get("sha256").asText().length());
        assertEquals(
                server.base + "/api/v1/patching/repositories/" + repo + "/packages/hello_1.1_all.deb",
                created.headers().firstValue("Location").orElseThrow());
        assertEquals(p, ok(send("GET", "/repositories/" + repo + "/packages/hello_1.1_all.deb", "viewer", null), 200));
        problem(send("GET", "/repositories/" + repo + "/packages/nothing.deb", "viewer", null), 404, "NOT_FOUND");
        ok(upload(repo, "admin", "application/octet-stream", deb("hello", "1.2"), true), 201);
        JsonNode listed = ok(send("GET", "/repositories/" + repo + "/packages", "viewer", null), 200);
        assertEquals(2, listed.size());
        assertEquals("1.2", server.patching.packages(repo).get(1).version());

        problem(upload(repo, "admin", "application/octet-stream", deb("hello", "1.1"), false), 409, "CONFLICT");
        JsonNode notDeb = problem(
                upload(
                        repo,
                        "admin",
                        "application/octet-stream",
                        "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8),
                        false),
                400,
                "INVALID_INPUT");
        assertTrue(notDeb.toString(), notDeb.get("detail").asText().contains("not a Debian package"));
        problem(upload(repo, "admin", "application/json", deb("x", "1"), false), 415, "INVALID_INPUT");
        problem(upload(repo, "viewer", "application/octet-stream", deb("x", "1"), false), 403, "FORBIDDEN");
        problem(upload("repo-404", "admin", "application/octet-stream", deb("x", "1"), false), 404, "NOT_FOUND");

        // Over the limit: refused by its declared length, and, sent without one, while it streams.
        byte[] big = Arrays.copyOf(deb("big", "1"), (int) TestServer.MAX_UPLOAD_BYTES + 1);
        for (boolean chunked : List.of(false, true)) {
            JsonNode tooLarge =
                    problem(upload(repo, "admin", "application/octet-stream", big, chunked), 413, "INVALID_INPUT");
            assertTrue(tooLarge.toString(), tooLarge.get("detail").asText().contains("65536 bytes"));
        }
        assertEquals(2, server.patching.packages(repo).size());

        String external = ok(
                        send(
                                "POST",
                                "/repositories",
                                "admin",
                                "{\"name\":\"ext\",\"family\":\"debian\",\"url\":\"http://127.0.0.1:3142/d\"}"),
                        201)
                .get("id")
                .asText();
        problem(upload(external, "admin", "application/octet-stream", deb("x", "1"), false), 400, "INVALID_INPUT");

        assertEquals(
                204,
                send("DELETE", "/repositories/" + repo + "/packages/hello_1.1_all.deb", "admin", null)
                        .statusCode());
        assertEquals(1, server.patching.packages(repo).size());
        problem(
                send("DELETE", "/repositories/" + repo + "/packages/hello_1.1_all.deb", "admin", null),
                404,
                "NOT_FOUND");
    }

    @Test
    public void baselinesAreCreatedReplacedAndRemoved() throws Exception {
        String repo = repository("local");
        String body = "{\"name\":\"sec\",\"profileId\":\"debian-12\",\"repositoryId\":\"" + repo
                + "\",\"packages\":[{\"name\":\"hello\",\"minimumVersion\":\"1.1\"},{\"name\":\"vim\"}]}";
        HttpResponse<String> created = send("POST", "/baselines", "admin", body);
        JsonNode b = ok(created, 201);
        String id = b.get("id").asText();
        assertEquals(
                server.base + "/api/v1/patching/baselines/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertEquals("1.1", server.patching.baseline(id).packages().get(0).minimumVersion());
        assertEquals(null, server.patching.baseline(id).packages().get(1).minimumVersion());
        assertEquals(1, ok(send("GET", "/baselines", "viewer", null), 200).size());
        assertEquals(
                "hello",
                ok(send("GET", "/baselines/" + id, "viewer", null), 200)
                        .at("/packages/0/name")
                        .asText());

        JsonNode replaced = ok(
                send(
                        "PUT",
                        "/baselines/" + id,
                        "admin",
                        "{\"name\":\"sec\",\"profileId\":\"debian-12\",\"repositoryId\":\"" + repo
                                + "\",\"everythingInRepository\":true}"),
                200);
        assertTrue(replaced.get("everythingInRepository").asBoolean());
        assertTrue(server.patching.baseline(id).packages().isEmpty());
        // What GET answered can be sent back: its read-only fields are accepted and ignored.
        JsonNode back = ok(send("GET", "/baselines/" + id, "viewer", null), 200);
        ((com.fasterxml.jackson.databind.node.ObjectNode) back).put("name", "sec-2");
        assertEquals(
                "sec-2",
                ok(send("PUT", "/baselines/" + id, "admin", back.toString()), 200)
                        .get("name")
                        .asText());
        assertEquals("sec-2", server.patching.baseline(id).name());

        for (String bad : List.of(
                body.replace("debian-12", "plan9"),
                body.replace(repo, "repo-404"),
                body.replace("\"minimumVersion\":\"1.1\"", "\"minimumVersion\":1.1,\"colour\":1"),
                body.replace("[{", "{").replace("}]", "}"),
                "{\"name\":\"x\",\"profileId\":\"debian-12\",\"repositoryId\":\"" + repo + "\"}",
                "null")) {
            problem(send("POST", "/baselines", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/baselines", "admin", body.replace("\"sec\"", "\"sec-2\"")), 409, "CONFLICT");
        problem(send("POST", "/baselines", "viewer", body.replace("sec", "v")), 403, "FORBIDDEN");
        problem(send("PUT", "/baselines/bl-404", "admin", body), 404, "NOT_FOUND");
        assertEquals(204, send("DELETE", "/baselines/" + id, "admin", null).statusCode());
        problem(send("GET", "/baselines/" + id, "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void scansAndRemediationsStartTasksOnTheirTargets() throws Exception {
        String id = baseline(repository("local"));
        server.accepted(send("POST", "/baselines/" + id + "/scans", "admin", "{}"), "patch.scan", id);
        assertTrue(server.patching.lastTargets.isEmpty());
        server.accepted(
                send(
                        "POST",
                        "/baselines/" + id + "/remediations",
                        "admin",
                        "{\"vmIds\":[\"vm-1\"],\"imageIds\":[\"img-1\"]}"),
                "patch.remediate",
                id);
        assertEquals(new PatchTargets(List.of("vm-1"), List.of(), List.of("img-1")), server.patching.lastTargets);
        JsonNode waited =
                ok(send("POST", "/baselines/" + id + "/scans?wait=5", "admin", "{\"vmIds\":[\"vm-2\"]}"), 200);
        assertEquals("SUCCEEDED", waited.get("state").asText());

        problem(send("POST", "/baselines/" + id + "/remediations", "admin", "{}"), 400, "INVALID_INPUT");
        problem(send("POST", "/baselines/" + id + "/scans", "admin", "{\"vmIds\":\"vm-1\"}"), 400, "INVALID_INPUT");
        problem(send("POST", "/baselines/" + id + "/scans", "admin", "{\"hosts\":[]}"), 400, "INVALID_INPUT");
        problem(send("POST", "/baselines/" + id + "/scans?wait=61", "admin", "{}"), 400, "INVALID_INPUT");
        problem(send("POST", "/baselines/bl-404/scans", "admin", "{}"), 404, "NOT_FOUND");
        problem(
                send("POST", "/baselines/" + id + "/remediations", "viewer", "{\"vmIds\":[\"vm-1\"]}"),
                403,
                "FORBIDDEN");
    }

    @Test
    public void complianceIsReportedAsJsonAndAsCsv() throws Exception {
        String id = baseline(repository("local"));
        server.patching.seed(
                id,
                List.of(
                        new Compliance(
                                id,
                                TargetKind.VM,
                                "vm-1",
                                "web1",
                                ComplianceStatus.NON_COMPLIANT,
                                "agent",
                                List.of(
                                        new Compliance.MissingPackage("hello", "1.1", "1.0"),
                                        new Compliance.MissingPackage("vim", null, null)),
                                null,
                                InMemoryPatchServiceForTests.T0),
                        new Compliance(
                                id,
                                TargetKind.IMAGE,
                                "img-1",
                                "golden, \"v2\"",
                                ComplianceStatus.UNKNOWN,
                                null,
                                List.of(),
                                "the disk image tools cannot open it",
                                InMemoryPatchServiceForTests.T0)));
        JsonNode json = ok(send("GET", "/baselines/" + id + "/compliance", "viewer", null), 200);
        assertEquals("NON_COMPLIANT", json.at("/0/status").asText());
        assertEquals("1.0", json.at("/0/missing/0/installed").asText());
        assertEquals("IMAGE", json.at("/1/targetKind").asText());

        String expected = "baseline,target_kind,target_id,target_name,status,method,missing,reason,scanned\r\n"
                + id + ",vm,vm-1,web1,NON_COMPLIANT,agent,hello 1.0->1.1; vim none->any,,2026-12-06T12:00:00Z\r\n"
                + id + ",image,img-1,\"golden, \"\"v2\"\"\",UNKNOWN,,,the disk image tools cannot open it,"
                + "2026-12-06T12:00:00Z\r\n";
        HttpRequest byAccept = HttpRequest.newBuilder(
                        URI.create(server.base + "/api/v1/patching/baselines/" + id + "/compliance"))
                .header("Authorization", TestServer.basic("viewer", TestServer.PASSWORD))
                .header("Accept", "text/csv")
                .build();
        HttpResponse<String> csv = server.client().send(byAccept, HttpResponse.BodyHandlers.ofString());
        assertEquals(csv.body(), 200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(expected, csv.body());
        HttpResponse<String> byFormat = send("GET", "/baselines/" + id + "/compliance?format=csv", "viewer", null);
        assertEquals(expected, byFormat.body());
        assertTrue(
                byFormat.headers().firstValue("Content-Disposition").orElse("").contains("compliance.csv"));
        problem(send("GET", "/baselines/" + id + "/compliance?format=xml", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/baselines/bl-404/compliance", "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void softwareIsShownAndReadAgainByATask() throws Exception {
        server.patching.seed(new InstalledSoftware(
                TargetKind.VM,
                "vm-1",
                "agent",
                "Debian GNU/Linux 12 (bookworm)",
                "debian",
                List.of(new InstalledSoftware.SoftwarePackage("hello", "1.0", "amd64")),
                InMemoryPatchServiceForTests.T0));
        JsonNode s = ok(send("GET", "/software/vm/vm-1", "viewer", null), 200);
        assertEquals("agent", s.get("method").asText());
        assertEquals("hello", s.at("/packages/0/name").asText());
        assertEquals(
                "debian",
                ok(send("GET", "/software/VM/vm-1", "viewer", null), 200)
                        .get("family")
                        .asText());
        problem(send("GET", "/software/image/img-1", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/software/host/h-1", "viewer", null), 400, "INVALID_INPUT");
        server.accepted(send("POST", "/software/image/img-1", "admin", null), "patch.software", "img-1");
        problem(send("POST", "/software/container/c-1", "admin", null), 400, "INVALID_INPUT");
        problem(send("POST", "/software/vm/vm-1", "viewer", null), 403, "FORBIDDEN");
    }

    @Test
    public void patchWindowsAreCreatedListedAndRemoved() throws Exception {
        String baseline = baseline(repository("local"));
        String body = "{\"name\":\"saturday-night\",\"baselineId\":\"" + baseline + "\",\"targets\":{\"vmIds\":"
                + "[\"vm-1\",\"vm-2\"]},\"start\":\"0 0 22 ? * SAT\",\"end\":\"0 0 4 ? * SUN\","
                + "\"zone\":\"Europe/Paris\",\"batchSize\":2}";
        HttpResponse<String> created = send("POST", "/windows", "admin", body);
        JsonNode w = ok(created, 201);
        String id = w.get("id").asText();
        assertEquals(
                server.base + "/api/v1/patching/windows/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertEquals("2026-12-12T22:00:00Z", w.get("nextOpening").asText());
        assertTrue(w.toString(), w.get("lastTaskId").isNull());
        org.strata.api.patch.PatchWindow stored = server.patching.window(id);
        assertEquals("0 0 22 ? * SAT", stored.start());
        assertEquals("0 0 4 ? * SUN", stored.end());
        assertEquals("Europe/Paris", stored.zone());
        assertEquals(2, stored.batchSize());
        assertEquals(new PatchTargets(List.of("vm-1", "vm-2"), List.of(), List.of()), stored.targets());

        // Only what is required: no targets (what the last scan found), UTC, one VM at a time.
        JsonNode least = ok(
                send(
                        "POST",
                        "/windows",
                        "admin",
                        "{\"name\":\"nightly\",\"baselineId\":\"" + baseline
                                + "\",\"start\":\"0 0 1 * * ?\",\"end\":\"0 0 3 * * ?\"}"),
                201);
        assertEquals("UTC", least.get("zone").asText());
        assertEquals(1, least.get("batchSize").asInt());
        assertTrue(server.patching.window(least.get("id").asText()).targets().isEmpty());

        JsonNode listed = ok(send("GET", "/windows", "viewer", null), 200);
        assertEquals(2, listed.size());
        assertEquals("nightly", listed.at("/0/name").asText());
        assertEquals(
                "vm-2",
                ok(send("GET", "/windows/" + id, "viewer", null), 200)
                        .at("/targets/vmIds/1")
                        .asText());

        for (String bad : List.of(
                body.replace("saturday-night", "saturday night"),
                body.replace(baseline, "bl-404"),
                body.replace("0 0 22 ? * SAT", "every saturday"),
                body.replace("Europe/Paris", "Europe/Atlantis"),
                body.replace("\"batchSize\":2", "\"batchSize\":0"),
                body.replace("\"batchSize\":2", "\"batchSize\":\"2\""),
                body.replace("\"zone\"", "\"timezone\""),
                body.replace("{\"vmIds\":[\"vm-1\",\"vm-2\"]}", "[\"vm-1\"]"),
                "null")) {
            problem(send("POST", "/windows", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("POST", "/windows", "admin", body), 409, "CONFLICT");
        problem(send("POST", "/windows", "viewer", body.replace("saturday-night", "v")), 403, "FORBIDDEN");
        problem(send("GET", "/windows", "acme-admin", null), 403, "FORBIDDEN");
        problem(send("GET", "/windows/pw-404", "viewer", null), 404, "NOT_FOUND");
        assertEquals(2, server.patching.windows().size());

        problem(send("DELETE", "/windows/" + id, "viewer", null), 403, "FORBIDDEN");
        assertEquals(204, send("DELETE", "/windows/" + id, "admin", null).statusCode());
        problem(send("GET", "/windows/" + id, "viewer", null), 404, "NOT_FOUND");
        problem(send("DELETE", "/windows/" + id, "admin", null), 404, "NOT_FOUND");
        assertEquals(1, server.patching.windows().size());
    }

    @Test
    public void everyRouteAnswers503WithoutPatching() throws Exception {
        server.patchingRunning = false;
        try {
            for (String[] call : List.of(
                    new String[] {"GET", "/repositories", null},
                    new String[] {"POST", "/repositories", "{\"name\":\"x\",\"family\":\"debian\"}"},
                    new String[] {"GET", "/repositories/r", null},
                    new String[] {"DELETE", "/repositories/r", null},
                    new String[] {"GET", "/repositories/r/packages", null},
                    new String[] {"DELETE", "/repositories/r/packages/f.deb", null},
                    new String[] {"GET", "/baselines", null},
                    new String[] {"GET", "/baselines/b", null},
                    new String[] {"DELETE", "/baselines/b", null},
                    new String[] {"POST", "/baselines/b/scans", "{}"},
                    new String[] {"POST", "/baselines/b/remediations", "{\"vmIds\":[\"v\"]}"},
                    new String[] {"GET", "/baselines/b/compliance", null},
                    new String[] {"GET", "/software/vm/v", null},
                    new String[] {"POST", "/software/vm/v", null},
                    new String[] {"GET", "/windows", null},
                    new String[] {"POST", "/windows", "{\"name\":\"w\"}"},
                    new String[] {"GET", "/windows/w", null},
                    new String[] {"DELETE", "/windows/w", null})) {
                JsonNode body = problem(send(call[0], call[1], "admin", call[2]), 503, "UNAVAILABLE");
                assertTrue(body.toString(), body.get("detail").asText().contains("strata-patching"));
            }
            problem(upload("r", "admin", "application/octet-stream", deb("x", "1"), false), 503, "UNAVAILABLE");
        } finally {
            server.patchingRunning = true;
        }
    }

    // ---- SOAP

    private static final String XML = "text/xml; charset=UTF-8";

    private static HttpResponse<String> call(String user, String operation) throws Exception {
        return server.send("POST", "/soap/patching", user, XML, TestServer.envelope(operation));
    }

    private static String soapOk(HttpResponse<String> answer) {
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }

    private static String fault(HttpResponse<String> answer, String code) {
        assertEquals(answer.body(), 500, answer.statusCode());
        assertEquals(answer.body(), code, TestServer.element(answer.body(), "code"));
        assertFalse(answer.body(), answer.body().contains("Exception"));
        return answer.body();
    }

    @Test
    public void theSoapServicePublishesEveryOperation() throws Exception {
        String wsdl =
                server.send("GET", "/soap/patching?wsdl", "viewer", null, null).body();
        assertTrue(wsdl, wsdl.contains("name=\"PatchWebService\""));
        for (String op : List.of(
                "listPackageRepositories",
                "getPackageRepository",
                "createPackageRepository",
                "deletePackageRepository",
                "listRepositoryPackages",
                "uploadPackage",
                "deletePackage",
                "listBaselines",
                "getBaseline",
                "createBaseline",
                "updateBaseline",
                "deleteBaseline",
                "getSoftware",
                "readSoftware",
                "scan",
                "getCompliance",
                "getComplianceCsv",
                "remediate",
                "listWindows",
                "getWindow",
                "createWindow",
                "deleteWindow")) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
    }

    @Test
    public void soapManagesRepositoriesPackagesAndBaselinesAndStartsTasks() throws Exception {
        String repo = TestServer.element(
                soapOk(call(
                        "admin",
                        "<s:createPackageRepository><s:spec><s:name>local</s:name><s:family>debian</s:family>"
                                + "</s:spec></s:createPackageRepository>")),
                "id");
        assertTrue(server.patching.repository(repo).local());
        fault(
                call(
                        "admin",
                        "<s:createPackageRepository><s:spec><s:name>local</s:name><s:family>debian</s:family>"
                                + "</s:spec></s:createPackageRepository>"),
                "CONFLICT");
        fault(call("admin", "<s:createPackageRepository/>"), "INVALID_INPUT");
        fault(call("viewer", "<s:createPackageRepository><s:spec/></s:createPackageRepository>"), "FORBIDDEN");
        assertEquals(403, call("acme-admin", "<s:listPackageRepositories/>").statusCode());

        String base64 = java.util.Base64.getEncoder().encodeToString(deb("hello", "1.1"));
        String uploaded = soapOk(call(
                "admin",
                "<s:uploadPackage><s:repositoryId>" + repo + "</s:repositoryId><s:file>" + base64
                        + "</s:file></s:uploadPackage>"));
        assertEquals("hello_1.1_all.deb", TestServer.element(uploaded, "fileName"));
        assertEquals("hello_1.1_all.deb", server.patching.packages(repo).get(0).fileName());
        fault(
                call(
                        "admin",
                        "<s:uploadPackage><s:repositoryId>" + repo + "</s:repositoryId><s:file>" + base64
                                + "</s:file></s:uploadPackage>"),
                "CONFLICT");
        fault(
                call("admin", "<s:uploadPackage><s:repositoryId>" + repo + "</s:repositoryId></s:uploadPackage>"),
                "INVALID_INPUT");
        String big = java.util.Base64.getEncoder()
                .encodeToString(Arrays.copyOf(deb("big", "1"), (int) TestServer.MAX_UPLOAD_BYTES + 1));
        String tooLarge = fault(
                call(
                        "admin",
                        "<s:uploadPackage><s:repositoryId>" + repo + "</s:repositoryId><s:file>" + big
                                + "</s:file></s:uploadPackage>"),
                "INVALID_INPUT");
        assertTrue(tooLarge, tooLarge.contains("65536 bytes"));
        assertEquals(
                "hello_1.1_all.deb",
                TestServer.element(
                        soapOk(call(
                                "viewer",
                                "<s:listRepositoryPackages><s:repositoryId>" + repo
                                        + "</s:repositoryId></s:listRepositoryPackages>")),
                        "fileName"));

        String baseline = TestServer.element(
                soapOk(call(
                        "admin",
                        "<s:createBaseline><s:spec><s:name>sec</s:name><s:profileId>debian-12</s:profileId>"
                                + "<s:repositoryId>" + repo + "</s:repositoryId><s:package><s:name>hello</s:name>"
                                + "<s:minimumVersion>1.1</s:minimumVersion></s:package></s:spec>"
                                + "</s:createBaseline>")),
                "id");
        assertEquals("1.1", server.patching.baseline(baseline).packages().get(0).minimumVersion());
        fault(
                call(
                        "admin",
                        "<s:createBaseline><s:spec><s:name>x</s:name><s:profileId>plan9</s:profileId>"
                                + "<s:repositoryId>" + repo + "</s:repositoryId><s:everythingInRepository>true"
                                + "</s:everythingInRepository></s:spec></s:createBaseline>"),
                "INVALID_INPUT");

        String scan = soapOk(call(
                "admin",
                "<s:scan><s:baselineId>" + baseline + "</s:baselineId><s:targets><s:vmId>vm-1</s:vmId>"
                        + "</s:targets></s:scan>"));
        assertEquals("patch.scan", TestServer.element(scan, "operation"));
        assertEquals(List.of("vm-1"), server.patching.lastTargets.vmIds());
        soapOk(call("admin", "<s:scan><s:baselineId>" + baseline + "</s:baselineId></s:scan>"));
        assertTrue(server.patching.lastTargets.isEmpty());
        fault(
                call("admin", "<s:remediate><s:baselineId>" + baseline + "</s:baselineId></s:remediate>"),
                "INVALID_INPUT");
        assertEquals(
                "patch.remediate",
                TestServer.element(
                        soapOk(call(
                                "admin",
                                "<s:remediate><s:baselineId>" + baseline + "</s:baselineId><s:targets><s:imageId>"
                                        + "img-1</s:imageId></s:targets></s:remediate>")),
                        "operation"));
        fault(call("admin", "<s:scan><s:baselineId>bl-404</s:baselineId></s:scan>"), "NOT_FOUND");

        server.patching.seed(
                baseline,
                List.of(new Compliance(
                        baseline,
                        TargetKind.VM,
                        "vm-1",
                        "web1",
                        ComplianceStatus.NON_COMPLIANT,
                        "agent",
                        List.of(new Compliance.MissingPackage("hello", "1.1", null)),
                        null,
                        InMemoryPatchServiceForTests.T0)));
        String report = soapOk(
                call("viewer", "<s:getCompliance><s:baselineId>" + baseline + "</s:baselineId></s:getCompliance>"));
        assertEquals("NON_COMPLIANT", TestServer.element(report, "status"));
        assertEquals("1.1", TestServer.element(report, "required"));
        String csv = soapOk(call(
                "viewer", "<s:getComplianceCsv><s:baselineId>" + baseline + "</s:baselineId></s:getComplianceCsv>"));
        assertTrue(csv, csv.contains(",vm,vm-1,web1,NON_COMPLIANT,agent,hello none-&gt;1.1,,"));

        fault(
                call(
                        "viewer",
                        "<s:getSoftware><s:targetKind>host</s:targetKind><s:targetId>h</s:targetId></s:getSoftware>"),
                "INVALID_INPUT");
        fault(
                call(
                        "viewer",
                        "<s:getSoftware><s:targetKind>vm</s:targetKind><s:targetId>vm-9</s:targetId></s:getSoftware>"),
                "NOT_FOUND");
        assertEquals(
                "patch.software",
                TestServer.element(
                        soapOk(call(
                                "admin",
                                "<s:readSoftware><s:targetKind>TEMPLATE</s:targetKind><s:targetId>t-1</s:targetId>"
                                        + "</s:readSoftware>")),
                        "operation"));

        server.patchingRunning = false;
        try {
            String unavailable = fault(call("viewer", "<s:listBaselines/>"), "UNAVAILABLE");
            assertTrue(unavailable, unavailable.contains("strata-patching"));
        } finally {
            server.patchingRunning = true;
        }
    }

    @Test
    public void soapManagesPatchWindows() throws Exception {
        String baseline = baseline(repository("local"));
        String spec = "<s:name>saturday-night</s:name><s:baselineId>" + baseline + "</s:baselineId><s:targets>"
                + "<s:vmId>vm-1</s:vmId><s:imageId>img-1</s:imageId></s:targets><s:start>0 0 22 ? * SAT</s:start>"
                + "<s:end>0 0 4 ? * SUN</s:end><s:zone>Europe/Paris</s:zone><s:batchSize>3</s:batchSize>";
        String created = soapOk(call("admin", "<s:createWindow><s:spec>" + spec + "</s:spec></s:createWindow>"));
        String id = TestServer.element(created, "id");
        assertEquals("2026-12-12T22:00:00Z", TestServer.element(created, "nextOpening"));
        org.strata.api.patch.PatchWindow stored = server.patching.window(id);
        assertEquals("0 0 22 ? * SAT", stored.start());
        assertEquals(3, stored.batchSize());
        assertEquals(new PatchTargets(List.of("vm-1"), List.of(), List.of("img-1")), stored.targets());

        String least = soapOk(call(
                "admin",
                "<s:createWindow><s:spec><s:name>nightly</s:name><s:baselineId>" + baseline + "</s:baselineId>"
                        + "<s:start>0 0 1 * * ?</s:start><s:end>0 0 3 * * ?</s:end></s:spec></s:createWindow>"));
        assertEquals("UTC", TestServer.element(least, "zone"));
        assertEquals("1", TestServer.element(least, "batchSize"));
        assertTrue(server.patching
                .window(TestServer.element(least, "id"))
                .targets()
                .isEmpty());

        fault(call("admin", "<s:createWindow><s:spec>" + spec + "</s:spec></s:createWindow>"), "CONFLICT");
        fault(
                call(
                        "admin",
                        "<s:createWindow><s:spec>" + spec.replace("Europe/Paris", "Mars/Olympus")
                                + "</s:spec></s:createWindow>"),
                "INVALID_INPUT");
        fault(call("admin", "<s:createWindow/>"), "INVALID_INPUT");
        fault(call("viewer", "<s:createWindow><s:spec>" + spec + "</s:spec></s:createWindow>"), "FORBIDDEN");
        assertEquals(403, call("acme-admin", "<s:listWindows/>").statusCode());

        String listed = soapOk(call("viewer", "<s:listWindows/>"));
        assertEquals(
                listed,
                2,
                java.util.regex.Pattern.compile("<(?:\\w+:)?window>")
                        .matcher(listed)
                        .results()
                        .count());
        assertEquals(
                "saturday-night",
                TestServer.element(
                        soapOk(call("viewer", "<s:getWindow><s:id>" + id + "</s:id></s:getWindow>")), "name"));
        fault(call("viewer", "<s:getWindow><s:id>pw-404</s:id></s:getWindow>"), "NOT_FOUND");
        fault(call("viewer", "<s:deleteWindow><s:id>" + id + "</s:id></s:deleteWindow>"), "FORBIDDEN");
        soapOk(call("admin", "<s:deleteWindow><s:id>" + id + "</s:id></s:deleteWindow>"));
        assertEquals(1, server.patching.windows().size());
        fault(call("admin", "<s:deleteWindow><s:id>" + id + "</s:id></s:deleteWindow>"), "NOT_FOUND");
    }
}

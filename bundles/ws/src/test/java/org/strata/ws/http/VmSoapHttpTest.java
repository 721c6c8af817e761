package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.vm.VmSpec;

/** The VM and storage SOAP endpoints over real HTTP: WSDLs, a representative set of operations, faults. */
public class VmSoapHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";

    @ClassRule
    public static final TestServer server = new TestServer();

    private static HttpResponse<String> call(String path, String user, String body) throws Exception {
        return server.send("POST", path, user, XML, envelope(body));
    }

    @Test
    public void wsdlsNeedCredentialsAndNameEveryOperation() throws Exception {
        assertEquals(401, server.send("GET", "/soap/vms?wsdl", null, null, null).statusCode());
        assertEquals(
                401, server.send("GET", "/soap/storage?wsdl", null, null, null).statusCode());
        String vms = server.send("GET", "/soap/vms?wsdl", "viewer", null, null).body();
        assertTrue(vms.contains("targetNamespace=\"urn:strata:ws:v1\"") && vms.contains("name=\"VmWebService\""));
        for (String op : List.of(
                "listVms",
                "getVm",
                "createVm",
                "updateVm",
                "deleteVm",
                "vmAction",
                "attachDisk",
                "detachDisk",
                "attachNic",
                "detachNic",
                "setResources",
                "migrateVm",
                "consoles",
                "vmGuest",
                "vmGuestSample",
                "listVmsByAddress",
                "vmStats",
                "hostStats")) {
            assertTrue(op, vms.contains("name=\"" + op + "\""));
        }
        String storage =
                server.send("GET", "/soap/storage?wsdl", "viewer", null, null).body();
        for (String op : List.of(
                "listPools",
                "listVolumes",
                "getVolume",
                "createVolume",
                "cloneVolume",
                "resizeVolume",
                "deleteVolume",
                "importVolume")) {
            assertTrue(op, storage.contains("name=\"" + op + "\""));
        }
        assertTrue(server.send("GET", "/soap/inventory?wsdl", "viewer", null, null)
                .body()
                .contains("name=\"numaNode\""));
    }

    @Test
    public void vmsAreListedAndReadWithTheirSpec() throws Exception {
        HttpResponse<String> list = call("/soap/vms", "viewer", "<s:listVms><s:hostId>h-1</s:hostId></s:listVms>");
        assertEquals(list.body(), 200, list.statusCode());
        assertEquals("1", element(list.body(), "total"));
        assertEquals("vm-1", element(list.body(), "id"));
        HttpResponse<String> one = call("/soap/vms", "viewer", "<s:getVm><s:id>vm-2</s:id></s:getVm>");
        assertEquals("8192", element(one.body(), "memoryMb"));
        assertTrue(one.body(), one.body().contains("2024-05-01T10:00:00Z"));
        HttpResponse<String> stats = call(
                "/soap/vms", "viewer", "<s:vmStats><s:id>vm-1</s:id><s:from>2024-05-01T10:00:30Z</s:from></s:vmStats>");
        assertEquals(stats.body(), 200, stats.statusCode());
        assertEquals("2024-05-01T10:01:00Z", element(stats.body(), "at"));
        HttpResponse<String> badTime =
                call("/soap/vms", "viewer", "<s:hostStats><s:hostId>h-1</s:hostId><s:from>noon</s:from></s:hostStats>");
        assertTrue(
                badTime.body(),
                badTime.body().contains("INVALID_INPUT") && badTime.body().contains("'from'"));
        HttpResponse<String> host = call("/soap/inventory", "viewer", "<s:getHost><s:id>h-1</s:id></s:getHost>");
        assertEquals("8.2.2", element(host.body(), "hypervisorVersion"));
    }

    @Test
    public void theGuestAgentsReportAndItsFaults() throws Exception {
        HttpResponse<String> guest = call("/soap/vms", "viewer", "<s:vmGuest><s:id>vm-1</s:id></s:vmGuest>");
        assertEquals(guest.body(), 200, guest.statusCode());
        assertEquals("true", element(guest.body(), "agentRunning"));
        assertEquals("Debian GNU/Linux 12 (bookworm)", element(guest.body(), "prettyName"));
        assertEquals("web", element(guest.body(), "hostname"));
        assertTrue(guest.body(), guest.body().contains("<address>192.168.122.15</address><prefix>24</prefix>"));
        assertTrue(guest.body(), guest.body().contains("<name>ens3</name><mac>52:54:00:12:34:56</mac>"));
        assertTrue(
                guest.body(), guest.body().contains("<timezone><name>CET</name><offsetSeconds>3600</offsetSeconds>"));
        assertTrue(
                guest.body(),
                guest.body().contains("<user><name>root</name><loginTime>2024-05-01T09:00:00Z</loginTime></user>"));
        assertTrue(
                guest.body(),
                guest.body()
                        .contains("<fileSystem><mountpoint>/</mountpoint><type>ext4</type><totalBytes>21474836480"
                                + "</totalBytes><usedBytes>20401094656</usedBytes><usedPercent>95.0</usedPercent>"));
        HttpResponse<String> stopped = call("/soap/vms", "viewer", "<s:vmGuest><s:id>vm-2</s:id></s:vmGuest>");
        assertEquals(500, stopped.statusCode());
        assertEquals("CONFLICT", element(stopped.body(), "code"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call("/soap/vms", "viewer", "<s:vmGuest><s:id>nope</s:id></s:vmGuest>")
                                .body(),
                        "code"));
    }

    @Test
    public void theGuestSamplersLastSampleAndVmsFoundByAGuestAddress() throws Exception {
        HttpResponse<String> sample =
                call("/soap/vms", "viewer", "<s:vmGuestSample><s:id>vm-1</s:id></s:vmGuestSample>");
        assertEquals(sample.body(), 200, sample.statusCode());
        assertEquals("true", element(sample.body(), "agentRunning"));
        assertEquals("2024-05-01T10:02:00Z", element(sample.body(), "at"));
        assertEquals("192.168.122.15", element(sample.body(), "address"));
        assertEquals("/", element(sample.body(), "mountpoint"));
        assertEquals("true", element(sample.body(), "full"));
        assertTrue(
                sample.body(),
                sample.body().contains("<use><at>2024-05-01T10:01:00Z</at><usedPercent>89.5</usedPercent></use>"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call("/soap/vms", "viewer", "<s:vmGuestSample><s:id>nope</s:id></s:vmGuestSample>")
                                .body(),
                        "code"));
        HttpResponse<String> found = call(
                "/soap/vms",
                "viewer",
                "<s:listVmsByAddress><s:address>192.168.122.15</s:address></s:listVmsByAddress>");
        assertEquals(found.body(), 200, found.statusCode());
        assertEquals("1", element(found.body(), "total"));
        assertEquals("vm-1", element(found.body(), "id"));
    }

    @Test
    public void createAndActReturnTasks() throws Exception {
        HttpResponse<String> created = call(
                "/soap/vms",
                "admin",
                "<s:createVm><s:hostId>h-2</s:hostId><s:spec>"
                        + "<s:name>soapvm</s:name><s:cpus>2</s:cpus><s:memoryMb>512</s:memoryMb>"
                        + "<s:disk><s:source>/v/a.qcow2</s:source><s:format>qcow2</s:format></s:disk>"
                        + "<s:nic><s:source>default</s:source></s:nic><s:boot>disk</s:boot><s:serialConsole>true</s:serialConsole>"
                        + "</s:spec></s:createVm>");
        assertEquals(created.body(), 200, created.statusCode());
        assertEquals("create", element(created.body(), "operation"));
        assertEquals("QUEUED", element(created.body(), "state"));
        VmSpec spec = (VmSpec) ((List<?>) ((List<?>) server.vms.calls.last()).get(3)).get(1);
        assertEquals("soapvm", spec.name());
        assertEquals("/v/a.qcow2", spec.disks().get(0).source());
        assertEquals("default", spec.nics().get(0).source());
        assertEquals(List.of("disk"), spec.bootOrder());
        assertTrue(spec.serialConsole());

        HttpResponse<String> shutdown = call(
                "/soap/vms",
                "admin",
                "<s:vmAction><s:id>vm-1</s:id><s:action>shutdown</s:action><s:timeoutSeconds>45</s:timeoutSeconds></s:vmAction>");
        assertEquals("shutdown", element(shutdown.body(), "operation"));
        HttpResponse<String> resize = call(
                "/soap/storage",
                "admin",
                "<s:resizeVolume><s:hostId>st-1</s:hostId>"
                        + "<s:pool>default</s:pool><s:name>disk1.qcow2</s:name><s:capacityMb>2048</s:capacityMb></s:resizeVolume>");
        assertEquals(resize.body(), "resize-volume", element(resize.body(), "operation"));
        HttpResponse<String> volume = call(
                "/soap/storage",
                "admin",
                "<s:createVolume><s:hostId>st-1</s:hostId>"
                        + "<s:spec><s:pool>default</s:pool><s:name>n1</s:name><s:capacityMb>10</s:capacityMb></s:spec></s:createVolume>");
        assertEquals(volume.body(), 200, volume.statusCode());
        assertEquals(
                new VolumeSpec("default", "n1", 10, null),
                ((List<?>) ((List<?>) server.storage.calls.last()).get(3)).get(0));
    }

    @Test
    public void faultsCarryTheApisCodes() throws Exception {
        HttpResponse<String> conflict =
                call("/soap/vms", "admin", "<s:vmAction><s:id>vm-1</s:id><s:action>start</s:action></s:vmAction>");
        assertEquals(500, conflict.statusCode());
        assertEquals("CONFLICT", element(conflict.body(), "code"));
        assertFalse(conflict.body().contains("Exception") || conflict.body().contains("at org."));

        assertEquals(
                "INVALID_INPUT",
                element(
                        call(
                                        "/soap/vms",
                                        "admin",
                                        "<s:vmAction><s:id>vm-1</s:id><s:action>explode</s:action></s:vmAction>")
                                .body(),
                        "code"));
        assertEquals(
                "NOT_FOUND",
                element(
                        call(
                                        "/soap/storage",
                                        "viewer",
                                        "<s:listVolumes><s:hostId>st-1</s:hostId><s:pool>zz</s:pool></s:listVolumes>")
                                .body(),
                        "code"));
        assertEquals(
                "INVALID_INPUT",
                element(
                        call("/soap/vms", "admin", "<s:createVm><s:hostId>h-1</s:hostId></s:createVm>")
                                .body(),
                        "code"));
        int before = server.vms.calls.size();
        assertEquals(
                "FORBIDDEN",
                element(
                        call("/soap/vms", "viewer", "<s:deleteVm><s:id>vm-2</s:id></s:deleteVm>")
                                .body(),
                        "code"));
        assertEquals(before, server.vms.calls.size());
    }
}

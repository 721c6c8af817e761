package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
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
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * ESX hosts through the real distribution: a vCenter simulated by govmomi's vcsim (tools/test-env/vcsim), two of its
 * hosts added through REST, a VM made, powered, suspended, moved by vMotion and removed through REST, with
 * govmomi's own client as the independent witness.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EsxEndToEndIT extends StrataTestSupport {

    /** The build's JVM runs in itests/; it hands the script's absolute path to the container. */
    private static final String SIM = simulatorScript();

    private static final String PASSWORD = "strata-vcsim";

    private final List<String> started = new ArrayList<>();
    private Path run;

    @Configuration
    @Override
    public Option[] config() throws Exception {
        return OptionUtils.combine(
                super.config(), CoreOptions.systemProperty("strata.vcsim.sim").value(SIM));
    }

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
        await(
                "the ESX driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"esx\""));
        run = Files.createTempDirectory("strata-vcsim-it");
    }

    @After
    public void stopSimulators() throws Exception {
        try {
            for (String name : started) {
                sim("stop", name);
            }
        } finally {
            // The run folder holds the simulators' pid files and datastores (vcsim.sh keeps them there).
            deleteTree(run);
        }
    }

    @Test
    public void aVmOnAVCenterHostIsMadePoweredAndMovedThroughRest() throws Exception {
        String url = startVcenter("it-vc");
        String server = url.replace("http://", "").replace("/sdk", "");
        String h0 = addHost("esx-h0", "vpx://" + server + "/DC0/DC0_C0/DC0_C0_H0?transport=http", PASSWORD);
        String h1 = addHost("esx-h1", "vpx://" + server + "/DC0/DC0_C0/DC0_C0_H1?transport=http", PASSWORD);
        JsonNode host = parse(get("/api/v1/hosts/" + h0));
        assertFalse("the password is never shown", host.toString().contains(PASSWORD));
        assertEquals(host.toString(), "AVAILABLE", host.path("state").asText());

        // The simulator's own VMs are in the inventory, each on the host govmomi says.
        JsonNode found = parse(get("/api/v1/vms?host=" + h0 + "&limit=500")).path("items");
        for (JsonNode vm : found) {
            assertTrue(vm.toString(), witness(url, vm.path("name").asText()).contains("\"host\":\"DC0_C0_H0\""));
        }

        JsonNode created = succeeded(post(
                "/api/v1/vms?wait=30",
                "{\"hostId\":\"" + h0 + "\",\"spec\":{\"name\":"
                        + "\"e2e-esx\",\"cpus\":2,\"memoryMb\":128,\"nics\":[{\"attachment\":\"network\",\"source\":"
                        + "\"VM Network\",\"model\":\"vmxnet3\"}],\"bootOrder\":[\"network\"]}}"));
        String vm = created.path("result").asText();
        String seen = witness(url, "e2e-esx");
        assertTrue(seen, seen.contains("\"powerState\":\"poweredOff\""));
        assertTrue(seen, seen.contains("\"cpus\":2,\"memoryMB\":128"));
        assertTrue(seen, seen.contains("VM Network"));
        assertTrue(seen, seen.contains("\"bootOrder\":[\"network\"]"));

        succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));
        assertTrue(witness(url, "e2e-esx").contains("\"powerState\":\"poweredOn\""));
        HttpResponse<String> again = post("/api/v1/vms/" + vm + "/actions/start", "");
        assertEquals(again.body(), 409, again.statusCode());

        succeeded(post("/api/v1/vms/" + vm + "/actions/suspend", ""));
        assertEquals("SUSPENDED", parse(get("/api/v1/vms/" + vm)).path("state").asText());
        assertTrue(witness(url, "e2e-esx").contains("\"powerState\":\"suspended\""));
        succeeded(post("/api/v1/vms/" + vm + "/actions/resume", ""));
        succeeded(post("/api/v1/vms/" + vm + "/actions/reset", ""));
        assertEquals("RUNNING", parse(get("/api/v1/vms/" + vm)).path("state").asText());
        assertTrue(witness(url, "e2e-esx").contains("\"powerState\":\"poweredOn\""));

        // vMotion to the cluster's other host.
        JsonNode migrated = succeeded(post("/api/v1/vms/" + vm + "/migrate", "{\"targetHostId\":\"" + h1 + "\"}"));
        assertEquals(100, migrated.path("progress").asInt());
        assertTrue(witness(url, "e2e-esx").contains("\"host\":\"DC0_C0_H1\""));
        JsonNode moved = parse(get("/api/v1/vms/" + vm));
        assertEquals(h1, moved.path("hostId").asText());
        assertEquals("RUNNING", moved.path("state").asText());

        // ESX cannot give VNC: refused before anything is made, with a problem body.
        HttpResponse<String> vnc = post(
                "/api/v1/vms",
                "{\"hostId\":\"" + h0 + "\",\"spec\":{\"name\":\"e2e-vnc\","
                        + "\"cpus\":1,\"memoryMb\":64,\"graphics\":{\"type\":\"vnc\"}}}");
        JsonNode refused =
                vnc.statusCode() == 202 ? awaitTask(parse(vnc).path("id").asText()) : parse(vnc);
        assertTrue(refused.toString(), refused.toString().contains("UNSUPPORTED"));
        assertFalse(execute(witnessCommand(url, "e2e-vnc"), env()).exitStatus() == 0);

        // The host's datastores as storage: their free space, and a disk made there, attached to the VM.
        String storage = addHost(
                "esx-h1-ds", "vpx://" + server + "/DC0/DC0_C0/DC0_C0_H1?transport=http", PASSWORD, "esx-datastore");
        JsonNode datastore = parse(get("/api/v1/hosts/" + storage + "/storage-pools/LocalDS_0"));
        assertTrue(datastore.toString(), datastore.path("capacityBytes").asLong() > 0);
        assertTrue(datastore.toString(), datastore.path("freeBytes").asLong() > 0);
        JsonNode made = succeeded(post(
                "/api/v1/hosts/" + storage + "/storage-pools/LocalDS_0/volumes",
                "{\"name\":\"e2e-data.vmdk\",\"capacityMb\":64,\"format\":\"vmdk\"}"));
        assertEquals("[LocalDS_0] e2e-data.vmdk", made.path("result").asText());
        succeeded(post(
                "/api/v1/vms/" + vm + "/disks",
                "{\"source\":\"[LocalDS_0] e2e-data.vmdk\"," + "\"format\":\"vmdk\",\"bus\":\"scsi\"}"));
        assertTrue(witness(url, "e2e-esx").contains("[LocalDS_0] e2e-data.vmdk"));

        // A vSphere snapshot with memory, and a linked clone from it made by ESX itself (CloneVM_Task).
        assertEquals(
                "esx-1",
                succeeded(post("/api/v1/vms/" + vm + "/snapshots", "{\"name\":\"esx-1\",\"memory\":true}"))
                        .path("result")
                        .asText());
        JsonNode snapshots = parse(get("/api/v1/vms/" + vm + "/snapshots"));
        assertEquals(snapshots.toString(), 1, snapshots.size());
        assertTrue(snapshots.toString(), snapshots.get(0).path("current").asBoolean());
        String clone = succeeded(post(
                        "/api/v1/vms/" + vm + "/clone",
                        "{\"name\":\"e2e-esx-linked\",\"linked\":true,\"snapshot\":\"esx-1\"}"))
                .path("result")
                .asText();
        JsonNode cloned = parse(get("/api/v1/vms/" + clone));
        assertEquals(
                cloned.toString(), vm, cloned.path("origin").path("sourceId").asText());
        assertTrue(cloned.toString(), cloned.path("origin").path("linked").asBoolean());
        assertEquals("STOPPED", cloned.path("state").asText());
        assertTrue(witness(url, "e2e-esx-linked").contains("\"powerState\":\"poweredOff\""));
        HttpResponse<String> inUse = delete("/api/v1/vms/" + vm);
        assertEquals(inUse.body(), 409, inUse.statusCode());
        assertTrue(inUse.body(), inUse.body().contains("e2e-esx-linked"));
        succeeded(delete("/api/v1/vms/" + clone));
        succeeded(post("/api/v1/vms/" + vm + "/snapshots/esx-1/revert", ""));
        succeeded(delete("/api/v1/vms/" + vm + "/snapshots/esx-1"));
        assertEquals(0, parse(get("/api/v1/vms/" + vm + "/snapshots")).size());

        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));
        succeeded(delete("/api/v1/vms/" + vm));
        assertFalse(
                "removed from the vCenter's inventory",
                execute(witnessCommand(url, "e2e-esx"), env()).exitStatus() == 0);
    }

    @Test
    public void aWrongPasswordIsAnAuthenticationFailureWithTheReasonNotThePassword() throws Exception {
        String url = startVcenter("it-auth");
        String server = url.replace("http://", "").replace("/sdk", "");
        String id = addHost("esx-bad", "vpx://" + server + "/DC0/DC0_C0/DC0_C0_H0?transport=http", "wrong-pass");
        JsonNode host = parse(get("/api/v1/hosts/" + id));
        assertEquals(
                host.toString(), "AUTHENTICATION_FAILED", host.path("state").asText());
        assertTrue(host.toString(), host.path("stateReason").asText().contains("InvalidLogin"));
        assertFalse(host.toString().contains("wrong-pass"));
    }

    // ---- helpers

    private static String simulatorScript() {
        String given = System.getProperty("strata.vcsim.sim");
        return given != null ? given : new File("../tools/test-env/vcsim/vcsim.sh").getAbsolutePath();
    }

    private String startVcenter(String name) throws Exception {
        String out = sim("start", name, "-cluster-hosts", "2", "-standalone-hosts", "0", "-vms", "2");
        started.add(name);
        return out.lines()
                .filter(l -> l.startsWith("url="))
                .findFirst()
                .orElseThrow()
                .substring(4)
                .trim();
    }

    private String addHost(String name, String address, String password) throws Exception {
        return addHost(name, address, password, "esx");
    }

    private String addHost(String name, String address, String password, String driver) throws Exception {
        String datacenter = parse(get("/api/v1/datacenters"))
                .path("items")
                .get(0)
                .path("id")
                .asText();
        HttpResponse<String> created = post(
                "/api/v1/hosts",
                "{\"name\":\"" + name + "\",\"datacenterId\":\""
                        + datacenter + "\",\"driverId\":\"" + driver + "\",\"address\":\"" + address
                        + "\",\"username\":\"strata\","
                        + "\"password\":\"" + password + "\"}");
        assertEquals(created.body(), 201, created.statusCode());
        assertFalse(created.body().contains(password));
        String id = parse(created).path("id").asText();
        if (driver.equals("esx")) {
            // The first contact fills in a hypervisor host's facts; refresh makes it happen now.
            awaitTask(parse(post("/api/v1/hosts/" + id + "/refresh", ""))
                    .path("id")
                    .asText());
        }
        return id;
    }

    /** govmomi's own client: how the vCenter sees a VM. */
    private String witness(String url, String vmName) throws Exception {
        return program(witnessCommand(url, vmName), env());
    }

    private static List<String> witnessCommand(String url, String vmName) {
        return List.of(SIM, "vm", url, vmName);
    }

    private Map<String, String> env() {
        return Map.of("STRATA_VCSIM_RUN", run.toString(), "VCSIM_PASSWORD", PASSWORD);
    }

    private String sim(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SIM));
        command.addAll(List.of(args));
        return program(command, env());
    }
}

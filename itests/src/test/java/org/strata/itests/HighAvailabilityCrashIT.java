package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * (d) of docs/ha.md: Strata killed with SIGKILL in the middle of a failover (a powered host lost power, its failover
 * begun) and started again completes the failover from the repository, and no VM ever runs twice. The real
 * distribution against the three-host testbed (see HighAvailabilityIT), outside Pax Exam because the test must outlive
 * the JVM it kills, as CrashRecoveryIT.
 */
public class HighAvailabilityCrashIT {

    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private static final String LEASES = System.getenv("STRATA_TEST_LEASE_DIR");
    private static final String URI = System.getenv("STRATA_TEST_POWERED_HOST_1_URI");
    private static final String URI2 = System.getenv("STRATA_TEST_POWERED_HOST_2_URI");
    private static final String BMC = System.getenv("STRATA_TEST_POWERED_HOST_1_BMC");
    private static final String BMC_USER = System.getenv("STRATA_TEST_POWERED_HOST_1_BMC_USER");
    private static final String BMC_PASSWORD = System.getenv("STRATA_TEST_POWERED_HOST_1_BMC_PASSWORD");
    private static final Duration WAIT = Duration.ofSeconds(120);

    private final ObjectMapper json = new ObjectMapper();
    private final String tag = LibvirtTestSupport.shortId();
    private final List<String> domains = new ArrayList<>();
    private final List<String> leaseFiles = new ArrayList<>();
    private Distribution strata;

    @Before
    public void unpack() throws Exception {
        for (String[] n : new String[][] {
            {"STRATA_TEST_LIBVIRT_URI", LOCAL},
            {"STRATA_TEST_LEASE_DIR", LEASES},
            {"STRATA_TEST_POWERED_HOST_1_URI", URI},
            {"STRATA_TEST_POWERED_HOST_2_URI", URI2},
            {"STRATA_TEST_POWERED_HOST_1_BMC", BMC}
        }) {
            assertTrue(n[0] + " is set (./strata test starts the test bed)", n[1] != null && !n[1].isBlank());
        }
        strata = Distribution.unpack(Path.of("target"), "ha-crash");
        strata.configure("org.strata.datacenter.ha.cfg", "intervalMillis", "500");
        strata.configure("org.strata.datacenter.ha.cfg", "graceMillis", "1000");
        strata.configure("org.strata.datacenter.ha.cfg", "retrySeconds", "3");
    }

    @After
    public void cleanUp() throws Exception {
        try {
            if (!answers(URI)) {
                StrataTestSupport.program(ipmi("chassis", "power", "on"), Map.of());
                awaitFor("the libvirtd of " + URI + " answers", Duration.ofMinutes(3), () -> answers(URI));
            }
        } finally {
            strata.close();
            for (String uri : new String[] {LOCAL, URI, URI2}) {
                if (uri == null || !answers(uri)) {
                    continue;
                }
                String all = virsh(uri, "list", "--name", "--all");
                for (String name : domains) {
                    if (all.lines().anyMatch(name::equals)) {
                        StrataTestSupport.execute(List.of("virsh", "-q", "-c", uri, "destroy", name), Map.of());
                        StrataTestSupport.execute(List.of("virsh", "-q", "-c", uri, "undefine", name), Map.of());
                    }
                }
            }
            for (String id : leaseFiles) {
                Files.deleteIfExists(Path.of(LEASES, id));
            }
        }
    }

    @Test
    public void strataKilledDuringAFailoverCompletesItWhenItIsBackAndNothingStartsTwice() throws Exception {
        strata.start();
        String dc = id(send("POST", "/api/v1/datacenters", "{\"name\":\"ha-crash-" + tag + "\"}"));
        String bmc = id(send(
                "POST",
                "/api/v1/hosts",
                "{\"name\":\"crash-bmc-" + tag + "\",\"datacenterId\":\"" + dc
                        + "\",\"driverId\":\"ipmi\",\"address\":\"" + BMC + "\",\"username\":\"" + BMC_USER
                        + "\",\"password\":\"" + BMC_PASSWORD + "\"}"));
        List<String> hosts = new ArrayList<>();
        Map<String, String> uriOf = new HashMap<>();
        String[] uris = {LOCAL, URI, URI2};
        for (int i = 0; i < 3; i++) {
            String withBmc = i == 1 ? ",\"bmcHostId\":\"" + bmc + "\"" : "";
            String id = id(send(
                    "POST",
                    "/api/v1/hosts",
                    "{\"name\":\"crash-kvm-" + i + "-" + tag + "\",\"datacenterId\":\"" + dc
                            + "\",\"driverId\":\"kvm\",\"address\":\"" + uris[i] + "\"" + withBmc + "}"));
            hosts.add(id);
            uriOf.put(id, uris[i]);
            awaitFor(
                    uris[i] + " is available",
                    WAIT,
                    () -> "AVAILABLE"
                            .equals(json.readTree(send("GET", "/api/v1/hosts/" + id, null)
                                            .body())
                                    .path("state")
                                    .asText()));
        }
        String cluster = id(send(
                "POST",
                "/api/v1/clusters",
                "{\"datacenterId\":\"" + dc + "\",\"name\":\"crash-" + tag + "\",\"cpuOvercommit\":8.0}"));
        for (String host : hosts) {
            id(send("POST", "/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        String pool = id(send(
                "POST",
                "/api/v1/pools",
                "{\"datacenterId\":\"" + dc + "\",\"name\":\"crash-" + tag + "\",\"clusterId\":\"" + cluster + "\"}"));
        HttpResponse<String> ha = send(
                "PUT",
                "/api/v1/clusters/" + cluster + "/ha",
                "{\"enabled\":true,\"leaseDirectory\":\"" + LEASES + "\"}");
        assertEquals(ha.body(), 200, ha.statusCode());
        String victim = hosts.get(1);
        awaitFor(
                "HA finds the victim UP",
                WAIT,
                () -> "UP"
                        .equals(json.readTree(send("GET", "/api/v1/hosts/" + victim + "/ha", null)
                                        .body())
                                .path("state")
                                .asText()));

        // Four HA VMs on powered host 1, in a chain (each after the one before): restarted one after another, so that
        // the failover is caught restarting.
        Map<String, String> names = new HashMap<>();
        String previous = null;
        for (int i = 0; i < 4; i++) {
            String name = "crash-ha" + i + "-" + tag;
            domains.add(name);
            String vm = taskResult(send(
                    "POST",
                    "/api/v1/vms",
                    "{\"hostId\":\"" + victim + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name
                            + "\",\"cpus\":1,\"memoryMb\":32,\"serialConsole\":true}}"));
            leaseFiles.add(vm);
            names.put(vm, name);
            HttpResponse<String> set = send(
                    "PUT",
                    "/api/v1/vms/" + vm + "/ha",
                    "{\"enabled\":true,\"priority\":\"HIGH\",\"after\":"
                            + (previous == null ? "[]" : "[\"" + previous + "\"]") + "}");
            assertEquals(set.body(), 200, set.statusCode());
            taskResult(send("POST", "/api/v1/vms/" + vm + "/actions/start", ""));
            previous = vm;
        }

        // Power lost; Strata killed as soon as the failover restarts VMs (or, on a slow day, when it has begun).
        StrataTestSupport.program(ipmi("chassis", "power", "off"), Map.of());
        JsonNode[] seen = new JsonNode[1];
        awaitFor("the failover of the victim restarts VMs", WAIT, () -> {
            JsonNode items = json.readTree(send("GET", "/api/v1/failovers?hostId=" + victim, null)
                            .body())
                    .path("items");
            seen[0] = items.size() > 0 ? items.get(0) : null;
            return seen[0] != null && !"FENCING".equals(seen[0].path("state").asText());
        });
        JsonNode before = seen[0];
        strata.kill();
        System.out.println(
                "Strata killed with the failover " + before.path("state").asText() + ": " + before);
        assertNoVmRunsTwice(names);

        strata.start();
        awaitFor("the failover is DONE after the restart", WAIT, () -> {
            assertNoVmRunsTwice(names);
            JsonNode f = json.readTree(send("GET", "/api/v1/failovers?hostId=" + victim, null)
                            .body())
                    .path("items")
                    .get(0);
            return f != null && "DONE".equals(f.path("state").asText());
        });
        for (Map.Entry<String, String> vm : names.entrySet()) {
            JsonNode now = json.readTree(
                    send("GET", "/api/v1/vms/" + vm.getKey(), null).body());
            String host = now.path("hostId").asText();
            assertTrue(vm.getValue() + " left the victim", !host.equals(victim));
            assertEquals(
                    "running", virsh(uriOf.get(host), "domstate", vm.getValue()).trim());
        }
        assertNoVmRunsTwice(names);
        JsonNode failovers = json.readTree(
                send("GET", "/api/v1/failovers?hostId=" + victim, null).body());
        assertEquals(
                "one failover, resumed, not a second one",
                1,
                failovers.path("items").size());
    }

    private void assertNoVmRunsTwice(Map<String, String> names) throws Exception {
        for (String name : names.values()) {
            List<String> on = Testbed.runningOn(name, List.of(LOCAL, URI, URI2));
            assertTrue(name + " runs on " + on, on.size() <= 1);
        }
    }

    private String id(HttpResponse<String> response) throws Exception {
        assertTrue(response.body(), response.statusCode() == 201 || response.statusCode() == 200);
        return json.readTree(response.body()).path("id").asText();
    }

    /** Waits for the task the response names and returns its result. */
    private String taskResult(HttpResponse<String> accepted) throws Exception {
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String task = json.readTree(accepted.body()).path("id").asText();
        JsonNode[] last = new JsonNode[1];
        awaitFor("task " + task + " ends", WAIT, () -> {
            last[0] = json.readTree(send("GET", "/api/v1/tasks/" + task, null).body());
            return last[0].path("state").asText().matches("SUCCEEDED|FAILED|CANCELLED");
        });
        assertEquals(last[0].toString(), "SUCCEEDED", last[0].path("state").asText());
        return last[0].path("result").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return strata.send(method, path, body);
    }

    private static List<String> ipmi(String... args) {
        int colon = BMC.lastIndexOf(':');
        List<String> command = new ArrayList<>(List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                BMC.substring(0, colon),
                "-p",
                BMC.substring(colon + 1),
                "-U",
                BMC_USER,
                "-P",
                BMC_PASSWORD));
        command.addAll(List.of(args));
        return command;
    }

    private static boolean answers(String uri) throws Exception {
        return StrataTestSupport.execute(List.of("virsh", "-q", "-c", uri, "uri"), Map.of())
                        .exitStatus()
                == 0;
    }

    private static String virsh(String uri, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return StrataTestSupport.program(command, Map.of());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitFor(String what, Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}

package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Power management carried out on the distribution against three real KVM hosts: this machine's libvirtd
 * (STRATA_TEST_LIBVIRT_URI, no BMC) and the testbed's powered hosts 1 and 2 (tools/test-env/powered-host.sh), whose
 * simulated BMCs are registered as bare-metal machines and named as the hosts' {@code bmcHostId}. With a calendar
 * whose power-saving window is open now, applying the power plan empties the two powered hosts and powers them off:
 * {@code ipmitool} reads their chassis off and {@code virsh} no longer reaches their libvirtd. A VM that then fits
 * on no powered-on host any more (defined, stopped, on this machine's host, which is full) powers a host on, moves
 * there and runs there ({@code virsh} confirms), and starting the stopped VM left on the other host powers that one
 * on. The consolidation time (apply until both BMCs read off) is printed.
 *
 * <p>The build leaves this class out unless the three URIs are set (itests/pom.xml), as for DatacenterKvmIT.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatacenterPowerIT extends StrataTestSupport {

    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private static final String[] URI = {
        System.getenv("STRATA_TEST_POWERED_HOST_1_URI"), System.getenv("STRATA_TEST_POWERED_HOST_2_URI")
    };
    private static final String[] BMC = {
        System.getenv("STRATA_TEST_POWERED_HOST_1_BMC"), System.getenv("STRATA_TEST_POWERED_HOST_2_BMC")
    };
    private static final String[] BMC_USER = {
        System.getenv("STRATA_TEST_POWERED_HOST_1_BMC_USER"), System.getenv("STRATA_TEST_POWERED_HOST_2_BMC_USER")
    };
    private static final String[] BMC_PASSWORD = {
        System.getenv("STRATA_TEST_POWERED_HOST_1_BMC_PASSWORD"),
        System.getenv("STRATA_TEST_POWERED_HOST_2_BMC_PASSWORD")
    };
    /** A powered host's boot (libvirtd's start) and the platform noticing it, with room for a slow machine. */
    private static final Duration POWER_WAIT = Duration.ofMinutes(4);

    private final String tag = LibvirtTestSupport.shortId();
    private final List<String> domains = new ArrayList<>();
    private final List<String> vms = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> machines = new ArrayList<>();
    private String datacenter;
    private String cluster;
    private String pool;

    @Configuration
    @Override
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        // Samples every 2 s instead of 20 s, so that the round has measured load within seconds.
        options.add(editConfigurationFilePut("etc/org.strata.core.cfg", "monitor.interval.seconds", "2"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void peers() throws Exception {
        String[][] peers = {
            {"STRATA_TEST_LIBVIRT_URI", LOCAL},
            {"STRATA_TEST_POWERED_HOST_1_URI", URI[0]},
            {"STRATA_TEST_POWERED_HOST_2_URI", URI[1]},
            {"STRATA_TEST_POWERED_HOST_1_BMC", BMC[0]},
            {"STRATA_TEST_POWERED_HOST_2_BMC", BMC[1]},
            {"STRATA_TEST_POWERED_HOST_1_BMC_PASSWORD", BMC_PASSWORD[0]},
            {"STRATA_TEST_POWERED_HOST_2_BMC_PASSWORD", BMC_PASSWORD[1]}
        };
        for (String[] peer : peers) {
            assertTrue(
                    peer[0] + " is set (./strata test starts the hosts; by hand, as root: tools/test-env/libvirtd.sh"
                            + " start, tools/test-env/powered-host.sh start 1, start 2)",
                    peer[1] != null && !peer[1].isBlank());
        }
        awaitPlatformReady();
        awaitService("(objectClass=org.strata.api.datacenter.PowerService)");
        await("the KVM and IPMI drivers are listed by REST", () -> {
            String drivers = get("/api/v1/drivers").body();
            return drivers.contains("\"kvm\"") && drivers.contains("\"ipmi\"");
        });
    }

    @Test
    public void powerSavingEmptiesAndPowersOffHostsAndAVmThatFitsNowherePowersOneOn() throws Exception {
        datacenter = created(post("/api/v1/datacenters", "{\"name\":\"dc-power-" + tag + "\"}"))
                .path("id")
                .asText();
        // The BMCs of the powered hosts, as bare-metal machines.
        for (int n = 0; n < 2; n++) {
            String machine = created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"bmc-" + (n + 1) + "-" + tag + "\",\"datacenterId\":\"" + datacenter
                                    + "\",\"driverId\":\"ipmi\",\"address\":\"" + BMC[n] + "\",\"username\":\""
                                    + BMC_USER[n] + "\",\"password\":\"" + BMC_PASSWORD[n] + "\"}"))
                    .path("id")
                    .asText();
            machines.add(machine);
        }
        Map<String, String> uriOf = new HashMap<>();
        List<String> uris = List.of(LOCAL, URI[0], URI[1]);
        for (int i = 0; i < 3; i++) {
            String bmc = i == 0 ? "" : ",\"bmcHostId\":\"" + machines.get(i - 1) + "\"";
            String id = created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"kvm-" + i + "-" + tag + "\",\"datacenterId\":\"" + datacenter
                                    + "\",\"driverId\":\"kvm\",\"address\":\"" + uris.get(i) + "\"" + bmc + "}"))
                    .path("id")
                    .asText();
            hosts.add(id);
            uriOf.put(id, uris.get(i));
            succeeded(post("/api/v1/hosts/" + id + "/refresh", ""));
            await(uris.get(i) + " is available and reported its facts", () -> {
                JsonNode h = parse(get("/api/v1/hosts/" + id));
                return "AVAILABLE".equals(h.path("state").asText())
                        && h.path("info").path("cpus").asInt() > 0;
            });
        }
        // Manual: only this test applies rounds. Each host may allocate twice its CPUs.
        cluster = created(post(
                        "/api/v1/clusters",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"power-" + tag
                                + "\",\"automation\":\"manual\",\"cpuOvercommit\":2.0,\"maxMigrations\":8,"
                                + "\"minPoweredOnHosts\":1}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"power-web-" + tag + "\",\"clusterId\":\""
                                + cluster + "\"}"))
                .path("id")
                .asText();

        // 1. Three small disk-less VMs, one on each host, started. Named hosts, not placement: the three daemons run on
        // one machine and measure its one load, so under a loaded CI machine the measured headroom can outweigh the
        // VM count and put two on one host (placement's spread is DatacenterKvmIT's to show).
        Map<String, String> names = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            String name = "power-web" + i + "-" + tag;
            domains.add(name);
            String vm = created(
                    name,
                    "{\"hostId\":\"" + hosts.get(i - 1) + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name
                            + "\",\"cpus\":1,\"memoryMb\":64,\"serialConsole\":true}}");
            names.put(vm, name);
            succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=60", ""));
            assertEquals(hosts.get(i - 1), hostOf(vm));
        }
        // And one stopped VM defined on each powered host: it stays there when its host is emptied and powered off.
        List<String> running = List.copyOf(vms);
        Map<String, String> idleOn = new HashMap<>();
        for (int i = 1; i <= 2; i++) {
            String name = "power-idle" + i + "-" + tag;
            domains.add(name);
            idleOn.put(
                    hosts.get(i),
                    created(
                            name,
                            "{\"hostId\":\"" + hosts.get(i) + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\""
                                    + name + "\",\"cpus\":1,\"memoryMb\":64,\"serialConsole\":true}}"));
            names.put(idleOn.get(hosts.get(i)), name);
        }
        for (String vm : running) {
            await(
                    "the monitor measured " + names.get(vm),
                    () -> parse(get("/api/v1/vms/" + vm + "/stats")).size() > 0);
        }

        // 2. A calendar whose power-saving window is open now.
        HttpResponse<String> set = send(request("/api/v1/clusters/" + cluster + "/schedule", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"zone\":\"UTC\",\"windows\":[{\"name\":\"night\","
                        + "\"policy\":\"power-saving\",\"start\":\"0 0 0 ? * *\",\"end\":\"59 59 23 ? * *\"}]}"))
                .build());
        assertEquals(set.body(), 200, set.statusCode());

        // 3. The plan: empty the two powered hosts; this machine's host has no BMC and stays on. Just started, a
        // disk-less TCG guest's firmware searches for a boot device on much of its vCPU, and a plan made from the
        // monitor's first samples may keep a host on (the two others would be too loaded); once the firmware idles,
        // the plan empties both. The plan is asked again until then, within the usual deadline.
        JsonNode[] seen = new JsonNode[1];
        Set<String> toPowerOff = new HashSet<>();
        try {
            await("the power plan empties both powered hosts", () -> {
                seen[0] = parse(get("/api/v1/clusters/" + cluster + "/power"));
                toPowerOff.clear();
                seen[0].path("powerOff")
                        .forEach(h -> toPowerOff.add(h.path("hostId").asText()));
                return toPowerOff.equals(Set.of(hosts.get(1), hosts.get(2)));
            });
        } catch (AssertionError e) {
            fail(e.getMessage() + ": " + seen[0]);
        }
        JsonNode plan = seen[0];
        System.out.println("power plan: " + plan);
        assertEquals(plan.toString(), "power-saving", plan.path("policy").asText());
        assertEquals(plan.toString(), "consolidate", plan.path("action").asText());

        // 4. Applied: the emptied hosts read chassis off and their libvirtd is gone; every VM runs on this machine.
        long applied = System.nanoTime();
        JsonNode task = awaitLong(parse(post("/api/v1/clusters/" + cluster + "/power/apply", ""))
                .path("id")
                .asText());
        assertEquals(task.toString(), "SUCCEEDED", task.path("state").asText());
        for (int n = 0; n < 2; n++) {
            int bmc = n;
            try {
                awaitFor("BMC " + BMC[bmc] + " reads chassis off", POWER_WAIT, () -> "off".equals(chassis(bmc)));
            } catch (AssertionError e) {
                // The simulated chassis reads on while any process runs in the host's namespace: say which.
                throw new AssertionError(e.getMessage() + "; still in strata-host-" + (bmc + 1) + ": "
                        + execute(
                                        List.of(
                                                "sh",
                                                "-c",
                                                "for p in $(ip netns pids strata-host-" + (bmc + 1) + "); do"
                                                        + " ps -o pid=,stat=,args= -p $p; done"),
                                        Map.of())
                                .output());
            }
        }
        double seconds = (System.nanoTime() - applied) / 1e9;
        System.out.printf(
                "consolidation of the three-host testbed: %.1f s from apply until both emptied hosts read"
                        + " chassis off (%s)%n",
                seconds, task.path("result").asText());
        for (int n = 0; n < 2; n++) {
            assertFalse("the libvirtd of " + URI[n] + " is gone", answers(URI[n]));
        }
        String local = virshList(LOCAL);
        for (String vm : running) {
            assertTrue(names.get(vm) + " runs on " + LOCAL, local.lines().anyMatch(names.get(vm)::equals));
        }
        JsonNode after = parse(get("/api/v1/clusters/" + cluster + "/power"));
        assertEquals(after.toString(), 2, after.path("standby").size());
        String events = get("/api/v1/events?subject=" + hosts.get(1)).body();
        assertTrue(events, events.contains("HOST_STANDBY_ENTERING") && events.contains("HOST_POWERED_OFF"));

        // 5. A VM that no longer fits: this machine's host may allocate 2 x its CPUs and runs three 1-vCPU VMs. Defined
        // there (stopped, it takes nothing), it cannot start there: starting it powers a host in standby on, moves its
        // definition there and starts it there.
        int cpus = parse(get("/api/v1/hosts/" + hosts.get(0)))
                .path("info")
                .path("cpus")
                .asInt();
        int big = Math.max(1, 2 * cpus - 3 + 1);
        String bigName = "power-big-" + tag;
        domains.add(bigName);
        String bigVm = created(
                bigName,
                "{\"hostId\":\"" + hosts.get(0) + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + bigName
                        + "\",\"cpus\":" + big + ",\"memoryMb\":64,\"serialConsole\":true}}");
        assertEquals(hosts.get(0), hostOf(bigVm));
        long asked = System.nanoTime();
        JsonNode bigStart = awaitLong(parse(post("/api/v1/vms/" + bigVm + "/actions/start", ""))
                .path("id")
                .asText());
        assertEquals(bigStart.toString(), "SUCCEEDED", bigStart.path("state").asText());
        String woken = hostOf(bigVm);
        assertTrue("moved to a powered host: " + woken, hosts.indexOf(woken) > 0);
        System.out.printf(
                "a VM that no longer fits where it was defined powered %s on and ran there %.1f s after its start was"
                        + " asked for%n",
                uriOf.get(woken), (System.nanoTime() - asked) / 1e9);
        int n = hosts.indexOf(woken) - 1;
        assertEquals("on", chassis(n));
        assertEquals("running", virsh(uriOf.get(woken), "domstate", bigName).trim());
        assertFalse(
                "no longer defined on " + LOCAL,
                virshList(LOCAL, "--all").lines().anyMatch(bigName::equals));
        String wokenEvents = get("/api/v1/events?subject=" + woken).body();
        assertTrue(
                wokenEvents, wokenEvents.contains("HOST_POWERING_ON") && wokenEvents.contains("HOST_STANDBY_EXITED"));
        assertTrue(get("/api/v1/events?subject=" + bigVm).body().contains("VM_MOVED"));
        assertEquals(
                parse(get("/api/v1/clusters/" + cluster + "/power")).toString(),
                1,
                parse(get("/api/v1/clusters/" + cluster + "/power"))
                        .path("standby")
                        .size());

        // 6. The other host comes back when the stopped VM defined on it is started.
        String other = hosts.get(hosts.indexOf(woken) == 1 ? 2 : 1);
        String idle = idleOn.get(other);
        JsonNode start = awaitLong(parse(post("/api/v1/vms/" + idle + "/actions/start", ""))
                .path("id")
                .asText());
        assertEquals(start.toString(), "SUCCEEDED", start.path("state").asText());
        assertEquals("on", chassis(hosts.indexOf(other) - 1));
        assertEquals(
                "running", virsh(uriOf.get(other), "domstate", names.get(idle)).trim());
        assertEquals(
                0,
                parse(get("/api/v1/clusters/" + cluster + "/power"))
                        .path("standby")
                        .size());
        HttpResponse<String> notInStandby = post("/api/v1/hosts/" + other + "/standby/exit", "");
        assertEquals(notInStandby.body(), 409, notInStandby.statusCode());
    }

    @After
    public void restore() throws Exception {
        // Whatever failed: both powered hosts on again and answering, as the test found them.
        for (int n = 0; n < 2; n++) {
            if (BMC[n] == null || URI[n] == null) {
                continue;
            }
            if (!"on".equals(chassis(n))) {
                ipmi(n, "chassis", "power", "on");
            }
            int bmc = n;
            awaitFor("the libvirtd of " + URI[bmc] + " answers", POWER_WAIT, () -> answers(URI[bmc]));
        }
        for (String vm : vms) {
            post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", "");
            delete("/api/v1/vms/" + vm + "?wait=60");
        }
        for (String uri : new String[] {LOCAL, URI[0], URI[1]}) {
            if (uri == null) {
                continue;
            }
            String present = virshList(uri, "--all");
            for (String name : domains) {
                if (present.lines().anyMatch(name::equals)) {
                    execute(List.of("virsh", "-q", "-c", uri, "destroy", name), Map.of());
                    execute(List.of("virsh", "-q", "-c", uri, "undefine", name), Map.of());
                }
            }
        }
        List<String> paths = new ArrayList<>();
        if (pool != null) {
            paths.add("/api/v1/pools/" + pool);
        }
        if (cluster != null) {
            for (String host : hosts) {
                paths.add("/api/v1/clusters/" + cluster + "/hosts/" + host);
            }
            paths.add("/api/v1/clusters/" + cluster);
        }
        for (String host : hosts) {
            paths.add("/api/v1/hosts/" + host);
        }
        for (String machine : machines) {
            paths.add("/api/v1/hosts/" + machine);
        }
        if (datacenter != null) {
            paths.add("/api/v1/datacenters/" + datacenter);
        }
        for (String path : paths) {
            delete(path);
        }
    }

    /** Creates a VM through REST (placed by the layer) and returns its id once the task has succeeded. */
    private String created(String name, String body) throws Exception {
        JsonNode task = awaitLong(parse(post("/api/v1/vms", body)).path("id").asText());
        assertEquals(name + ": " + task, "SUCCEEDED", task.path("state").asText());
        String vm = task.path("result").asText();
        vms.add(vm);
        return vm;
    }

    /** A task's final JSON, waiting as long as a host's power-on may take. */
    private JsonNode awaitLong(String taskId) throws Exception {
        JsonNode[] last = new JsonNode[1];
        awaitFor("task " + taskId + " finishes", POWER_WAIT, () -> {
            last[0] = parse(get("/api/v1/tasks/" + taskId));
            String state = last[0].path("state").asText();
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
        });
        return last[0];
    }

    private static void awaitFor(String what, Duration limit, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private String hostOf(String vm) throws Exception {
        return parse(get("/api/v1/vms/" + vm)).path("hostId").asText();
    }

    private static boolean answers(String uri) throws Exception {
        return Testbed.answers(uri);
    }

    /** "on" or "off", as powered host n+1's BMC reads its chassis power. */
    private static String chassis(int n) throws Exception {
        String[] words = ipmi(n, "chassis", "power", "status").trim().split("\\s+");
        return words[words.length - 1];
    }

    /** ipmitool against powered host n+1's BMC; -C 3 because ipmi_sim does not answer the cipher suite query. */
    private static String ipmi(int n, String... args) throws Exception {
        return Testbed.ipmi(BMC[n], BMC_USER[n], BMC_PASSWORD[n], args);
    }

    private static String virshList(String uri, String... flags) throws Exception {
        return Testbed.virshList(uri, flags);
    }

    private static String virsh(String uri, String... args) throws Exception {
        return Testbed.virsh(uri, args);
    }
}

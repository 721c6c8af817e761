package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * High availability on the three-host testbed (docs/ha.md): this machine's libvirtd (no BMC) and powered hosts 1 and 2
 * (tools/test-env/powered-host.sh), each with lockd serving the shared lease directory (STRATA_TEST_LEASE_DIR), their
 * simulated BMCs registered as the hosts' {@code bmcHostId}. HA VMs are disk-less TCG guests with leases. The
 * witnesses are independent of Strata: {@code virsh} on every daemon and {@code ipmitool} on the BMCs.
 *
 * <ul>
 *   <li>(a, e) a powered host whose BMC powers it off, as a power failure would, and whose BMC then refuses to power off
 *       a machine that is off (a quirk of some real BMCs): fenced all the same, its HA VMs run elsewhere, in priority
 *       order; its non-HA VM is recorded stopped; back on, the stale definitions are removed from it.
 *   <li>(b) a host gone together with its BMC: its HA VMs restart elsewhere under their leases.
 *   <li>(c) a host cut off its network with its VMs still running: reported ISOLATED, nothing restarted, no VM ever runs
 *       twice.
 * </ul>
 *
 * <p>STRATA_HA_RUNS (default 1) repeats (a) and (b) that many times and prints the median and worst time from the loss
 * to all HA VMs running elsewhere: what docs/performance.md reports over 10 runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HighAvailabilityIT extends StrataTestSupport {

    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private static final String LEASES = System.getenv("STRATA_TEST_LEASE_DIR");
    private static final String[] URI = {
        System.getenv("STRATA_TEST_POWERED_HOST_1_URI"), System.getenv("STRATA_TEST_POWERED_HOST_2_URI")
    };
    /**
     * The powered hosts' daemons through their unix sockets (tools/test-env/lib.sh mounts the host's folder's run/ as
     * its /run/libvirt): what still answers when a host's network is cut.
     */
    private static final String[] URI_FROM_HOST = {
        "qemu+unix:///system?socket=/var/lib/strata-test-env/host-1/run/libvirt-sock",
        "qemu+unix:///system?socket=/var/lib/strata-test-env/host-2/run/libvirt-sock"
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
    private static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("STRATA_HA_RUNS", "1"));
    /** Outside the container, where the build runs: the test bed's scripts, as HardwareEndToEndIT finds its own. */
    private static final String TOOLS = new File("../tools/test-env").getAbsolutePath();

    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(90);
    private static final Duration POWER_WAIT = Duration.ofMinutes(3);

    private final String tag = LibvirtTestSupport.shortId();
    private final List<String> vms = new ArrayList<>();
    private final List<String> domains = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> machines = new ArrayList<>();
    private final Map<String, String> uriOf = new HashMap<>();
    private String datacenter;
    private String cluster;
    private String pool;

    @Configuration
    @Override
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(CoreOptions.systemProperty("strata.test.tools").value(TOOLS));
        // A failover within seconds: the watch looks every 500 ms and decides after 1 s of silence.
        options.add(editConfigurationFilePut("etc/org.strata.datacenter.ha.cfg", "intervalMillis", "500"));
        options.add(editConfigurationFilePut("etc/org.strata.datacenter.ha.cfg", "graceMillis", "1000"));
        options.add(editConfigurationFilePut("etc/org.strata.datacenter.ha.cfg", "retrySeconds", "5"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void testbed() throws Exception {
        String[][] needed = {
            {"STRATA_TEST_LIBVIRT_URI", LOCAL},
            {"STRATA_TEST_LEASE_DIR", LEASES},
            {"STRATA_TEST_POWERED_HOST_1_URI", URI[0]},
            {"STRATA_TEST_POWERED_HOST_2_URI", URI[1]},
            {"STRATA_TEST_POWERED_HOST_1_BMC", BMC[0]},
            {"STRATA_TEST_POWERED_HOST_2_BMC", BMC[1]}
        };
        for (String[] n : needed) {
            assertTrue(
                    n[0] + " is set (./strata test starts the test bed; by hand, as root: tools/test-env/libvirtd.sh"
                            + " start, tools/test-env/powered-host.sh start 1, start 2)",
                    n[1] != null && !n[1].isBlank());
        }
        awaitPlatformReady();
        awaitService("(objectClass=org.strata.api.ha.HaService)");
        await("the KVM and IPMI drivers are listed by REST", () -> {
            String drivers = get("/api/v1/drivers").body();
            return drivers.contains("\"kvm\"") && drivers.contains("\"ipmi\"");
        });
        datacenter = created(post("/api/v1/datacenters", "{\"name\":\"dc-ha-" + tag + "\"}"))
                .path("id")
                .asText();
        for (int n = 0; n < 2; n++) {
            machines.add(created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"ha-bmc-" + (n + 1) + "-" + tag + "\",\"datacenterId\":\"" + datacenter
                                    + "\",\"driverId\":\"ipmi\",\"address\":\"" + BMC[n] + "\",\"username\":\""
                                    + BMC_USER[n] + "\",\"password\":\"" + BMC_PASSWORD[n] + "\"}"))
                    .path("id")
                    .asText());
        }
        List<String> uris = List.of(LOCAL, URI[0], URI[1]);
        for (int i = 0; i < 3; i++) {
            String bmc = i == 0 ? "" : ",\"bmcHostId\":\"" + machines.get(i - 1) + "\"";
            String id = created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"ha-kvm-" + i + "-" + tag + "\",\"datacenterId\":\"" + datacenter
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
        cluster = created(post(
                        "/api/v1/clusters",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"ha-" + tag
                                + "\",\"automation\":\"manual\",\"cpuOvercommit\":8.0}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"ha-" + tag + "\",\"clusterId\":\""
                                + cluster + "\"}"))
                .path("id")
                .asText();
        var ha = put(
                "/api/v1/clusters/" + cluster + "/ha",
                "{\"enabled\":true,\"admission\":\"NONE\",\"leaseDirectory\":\"" + LEASES + "\"}");
        assertEquals(ha.body(), 200, ha.statusCode());
        for (String host : hosts) {
            await(
                    "HA watches " + host + " and finds it UP",
                    () -> "UP"
                            .equals(parse(get("/api/v1/hosts/" + host + "/ha"))
                                    .path("state")
                                    .asText()));
        }
    }

    @Test
    public void aHostThatLosesPowerHasItsHaVmsRunElsewhereAndIsFencedEvenByABmcThatRefusesToPowerOffAnOffMachine()
            throws Exception {
        List<Double> seconds = new ArrayList<>();
        List<Double> detection = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            int n = run % 2;
            String victim = hosts.get(n + 1);
            Map<String, String> ha = haVms(victim, "a" + run);
            String plain = vm(victim, "ha-plain-a" + run + "-" + tag, false, null, List.of());
            Path quirk = bmcState(n).resolve("refuse-off-when-off");
            Files.writeString(quirk, "");
            try {
                Instant lost = Instant.now();
                long t0 = System.nanoTime();
                ipmi(n, "chassis", "power", "off");
                double s = awaitRunningElsewhere(ha, victim, t0);
                seconds.add(s);
                JsonNode failover = lastFailover(victim);
                detection.add(Duration.between(
                                        lost,
                                        Instant.parse(failover.path("started").asText()))
                                .toMillis()
                        / 1000.0);
                awaitFailoverDone(victim);
                failover = lastFailover(victim);
                assertEquals(failover.toString(), "bmc", failover.path("fence").asText());
                assertRestartOrder(failover);
                assertEquals(
                        "FENCED",
                        parse(get("/api/v1/hosts/" + victim + "/ha"))
                                .path("state")
                                .asText());
                String hook = Files.readString(bmcState(n).resolve("hook.log"));
                assertTrue("the BMC refused to power off the machine that was off: " + hook, hook.contains("refused"));
                assertEquals(
                        "a non-HA VM of a fenced host is recorded stopped",
                        "STOPPED",
                        parse(get("/api/v1/vms/" + plain)).path("state").asText());
                assertNoVmRunsTwice(ha);
            } finally {
                Files.deleteIfExists(quirk);
            }
            // Back on: UP again, and what the restarted VMs left there is removed; the non-HA VM stays.
            ipmi(n, "chassis", "power", "on");
            awaitFor("the libvirtd of " + URI[n] + " answers", POWER_WAIT, () -> answers(URI[n]));
            awaitFor(
                    "host " + victim + " is UP again",
                    FAILOVER_WAIT,
                    () -> "UP"
                            .equals(parse(get("/api/v1/hosts/" + victim + "/ha"))
                                    .path("state")
                                    .asText()));
            awaitFor("the stale definitions are gone from " + URI[n], FAILOVER_WAIT, () -> {
                String all = virshList(URI[n], "--all");
                return ha.values().stream().noneMatch(name -> all.lines().anyMatch(name::equals));
            });
            assertTrue(virshList(URI[n], "--all").lines().anyMatch(("ha-plain-a" + run + "-" + tag)::equals));
            assertNoVmRunsTwice(ha);
            removeVms();
        }
        report("(a) power loss", seconds, detection);
    }

    @Test
    public void aHostGoneTogetherWithItsBmcHasItsHaVmsRestartedUnderTheirLeases() throws Exception {
        List<Double> seconds = new ArrayList<>();
        List<Double> detection = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            int n = run % 2;
            String victim = hosts.get(n + 1);
            Map<String, String> ha = haVms(victim, "b" + run);
            Instant lost = Instant.now();
            long t0 = System.nanoTime();
            // The BMC first, then the host: both gone, as when a rack loses power.
            program(
                    List.of("bash", tools() + "/ipmi/ipmi-sim.sh", "stop", "strata-host-" + (n + 1) + "-bmc"),
                    Map.of("STRATA_IPMI_RUN", "/var/lib/strata-test-env/host-" + (n + 1) + "/ipmi"));
            program(List.of("bash", tools() + "/powered-host.sh", "chassis", String.valueOf(n + 1), "off"), Map.of());
            double s = awaitRunningElsewhere(ha, victim, t0);
            seconds.add(s);
            JsonNode failover = lastFailover(victim);
            detection.add(Duration.between(
                                    lost, Instant.parse(failover.path("started").asText()))
                            .toMillis()
                    / 1000.0);
            awaitFailoverDone(victim);
            failover = lastFailover(victim);
            assertEquals(failover.toString(), "lease", failover.path("fence").asText());
            assertNoVmRunsTwice(ha);
            // The BMC back, then the host powered on through it: UP again, and the definitions the restarted VMs left
            // there are removed, never started (their leases are held elsewhere anyway).
            program(List.of("bash", tools() + "/powered-host.sh", "bmc-start", String.valueOf(n + 1)), Map.of());
            ipmi(n, "chassis", "power", "on");
            awaitFor("the libvirtd of " + URI[n] + " answers", POWER_WAIT, () -> answers(URI[n]));
            awaitFor(
                    "host " + victim + " is UP again",
                    FAILOVER_WAIT,
                    () -> "UP"
                            .equals(parse(get("/api/v1/hosts/" + victim + "/ha"))
                                    .path("state")
                                    .asText()));
            awaitFor("the stale definitions are gone from " + URI[n], FAILOVER_WAIT, () -> {
                String all = virshList(URI[n], "--all");
                return ha.values().stream().noneMatch(name -> all.lines().anyMatch(name::equals));
            });
            assertNoVmRunsTwice(ha);
            removeVms();
        }
        report("(b) host and BMC gone (lease path)", seconds, detection);
    }

    @Test
    public void anIsolatedHostKeepsItsVmsAndNoVmEverRunsTwice() throws Exception {
        String victim = hosts.get(1);
        Map<String, String> ha = haVms(victim, "c");
        String link = "strata-host1";
        program(List.of("ip", "link", "set", link, "down"), Map.of());
        try {
            awaitFor("host 1 is ISOLATED", FAILOVER_WAIT, () -> {
                assertNoVmRunsTwice(ha);
                return "ISOLATED"
                        .equals(parse(get("/api/v1/hosts/" + victim + "/ha"))
                                .path("state")
                                .asText());
            });
            JsonNode state = parse(get("/api/v1/hosts/" + victim + "/ha"));
            assertEquals(state.toString(), "held", state.path("leases").asText());
            // Several more rounds of the watch: nothing starts anywhere else.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                assertNoVmRunsTwice(ha);
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            for (String name : ha.values()) {
                assertEquals(
                        name + " still runs on the isolated host",
                        "running",
                        virsh(URI_FROM_HOST[0], "domstate", name).trim());
            }
            JsonNode failovers = parse(get("/api/v1/failovers?hostId=" + victim));
            assertEquals(failovers.toString(), 0, failovers.path("items").size());
        } finally {
            program(List.of("ip", "link", "set", link, "up"), Map.of());
        }
        awaitFor(
                "host 1 is UP again",
                FAILOVER_WAIT,
                () -> "UP"
                        .equals(parse(get("/api/v1/hosts/" + victim + "/ha"))
                                .path("state")
                                .asText()));
        assertNoVmRunsTwice(ha);
    }

    @After
    public void restore() throws Exception {
        if (URI[0] == null) {
            return;
        }
        for (int n = 0; n < 2; n++) {
            if (!answers(URI[n])) {
                program(List.of("bash", tools() + "/powered-host.sh", "start", String.valueOf(n + 1)), Map.of());
            }
        }
        removeVms();
        List<String> paths = new ArrayList<>();
        if (cluster != null) {
            put("/api/v1/clusters/" + cluster + "/ha", "{\"enabled\":false}");
        }
        if (pool != null) {
            paths.add("/api/v1/pools/" + pool);
        }
        if (cluster != null) {
            for (String host : hosts) {
                paths.add("/api/v1/clusters/" + cluster + "/hosts/" + host);
            }
            paths.add("/api/v1/clusters/" + cluster);
        }
        hosts.forEach(h -> paths.add("/api/v1/hosts/" + h));
        machines.forEach(m -> paths.add("/api/v1/hosts/" + m));
        if (datacenter != null) {
            paths.add("/api/v1/datacenters/" + datacenter);
        }
        for (String path : paths) {
            delete(path);
        }
    }

    // ---- helpers

    /** Two HA VMs on the host, running: a HIGH one, and a LOW one that comes after it. Name by id. */
    private Map<String, String> haVms(String hostId, String run) throws Exception {
        Map<String, String> ha = new HashMap<>();
        String first = vm(hostId, "ha-db-" + run + "-" + tag, true, "HIGH", List.of());
        ha.put(first, "ha-db-" + run + "-" + tag);
        String second = vm(hostId, "ha-app-" + run + "-" + tag, true, "LOW", List.of(first));
        ha.put(second, "ha-app-" + run + "-" + tag);
        return ha;
    }

    private String vm(String hostId, String name, boolean ha, String priority, List<String> after) throws Exception {
        domains.add(name);
        JsonNode task = awaitTask(parse(post(
                        "/api/v1/vms",
                        "{\"hostId\":\"" + hostId + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name
                                + "\",\"cpus\":1,\"memoryMb\":32,\"serialConsole\":true}}"))
                .path("id")
                .asText());
        assertEquals(name + ": " + task, "SUCCEEDED", task.path("state").asText());
        String id = task.path("result").asText();
        vms.add(id);
        if (ha) {
            String afterJson = after.isEmpty() ? "[]" : "[\"" + String.join("\",\"", after) + "\"]";
            var set = put(
                    "/api/v1/vms/" + id + "/ha",
                    "{\"enabled\":true,\"priority\":\"" + priority + "\",\"after\":" + afterJson + "}");
            assertEquals(set.body(), 200, set.statusCode());
            assertTrue("the lease file exists", Files.isRegularFile(Path.of(LEASES, id)));
        }
        succeeded(post("/api/v1/vms/" + id + "/actions/start?wait=60", ""));
        if (ha) {
            assertTrue(
                    name + "'s definition carries its lease",
                    virsh(uriOf.get(hostId), "dumpxml", name).contains("<lease>"));
        }
        return id;
    }

    /** Seconds from t0 until every HA VM runs, by virsh, on a host other than the victim. */
    private double awaitRunningElsewhere(Map<String, String> ha, String victim, long t0) throws Exception {
        awaitFor("the HA VMs of " + victim + " run elsewhere", FAILOVER_WAIT, () -> {
            for (Map.Entry<String, String> vm : ha.entrySet()) {
                JsonNode now = parse(get("/api/v1/vms/" + vm.getKey()));
                String host = now.path("hostId").asText();
                if (host.equals(victim) || !"RUNNING".equals(now.path("state").asText())) {
                    return false;
                }
                if (!"running"
                        .equals(virsh(uriOf.get(host), "domstate", vm.getValue())
                                .trim())) {
                    return false;
                }
            }
            return true;
        });
        return (System.nanoTime() - t0) / 1e9;
    }

    private void awaitFailoverDone(String victim) throws Exception {
        awaitFor(
                "the failover of " + victim + " is DONE",
                FAILOVER_WAIT,
                () -> "DONE".equals(lastFailover(victim).path("state").asText()));
    }

    private JsonNode lastFailover(String hostId) throws Exception {
        JsonNode page = parse(get("/api/v1/failovers?hostId=" + hostId + "&limit=1"));
        assertTrue(page.toString(), page.path("items").size() > 0);
        return page.path("items").get(0);
    }

    /** HIGH before LOW, and the one that comes after the other running after it. */
    private static void assertRestartOrder(JsonNode failover) {
        Map<String, Instant> running = new HashMap<>();
        Map<String, String> priority = new HashMap<>();
        for (JsonNode v : failover.path("vms")) {
            assertEquals(v.toString(), "RUNNING", v.path("state").asText());
            running.put(v.path("vmId").asText(), Instant.parse(v.path("running").asText()));
            priority.put(v.path("vmId").asText(), v.path("priority").asText());
        }
        Instant high = null;
        Instant low = null;
        for (var e : running.entrySet()) {
            if (priority.get(e.getKey()).equals("HIGH")) {
                high = e.getValue();
            } else {
                low = e.getValue();
            }
        }
        assertFalse(failover.toString(), low.isBefore(high));
    }

    /** Each HA VM runs on one daemon at most (the isolated host's through its unix socket). */
    private void assertNoVmRunsTwice(Map<String, String> ha) throws Exception {
        List<String> daemons = new ArrayList<>(List.of(LOCAL));
        for (int n = 0; n < 2; n++) {
            daemons.add(URI_FROM_HOST[n] != null && answers(URI_FROM_HOST[n]) ? URI_FROM_HOST[n] : URI[n]);
        }
        for (String name : ha.values()) {
            List<String> on = Testbed.runningOn(name, daemons);
            assertTrue(name + " runs on " + on, on.size() <= 1);
        }
    }

    private void removeVms() throws Exception {
        for (String vm : vms) {
            put("/api/v1/vms/" + vm + "/ha", "{\"enabled\":false}");
            post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", "");
            delete("/api/v1/vms/" + vm + "?wait=60");
            Files.deleteIfExists(Path.of(LEASES, vm));
        }
        vms.clear();
        for (String uri : new String[] {LOCAL, URI[0], URI[1]}) {
            if (uri == null || !answers(uri)) {
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
        domains.clear();
    }

    private static void report(String what, List<Double> seconds, List<Double> detection) {
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(Double::compare);
        List<Double> detect = new ArrayList<>(detection);
        detect.sort(Double::compare);
        System.out.printf(
                "HA %s: %d run(s), loss to all HA VMs running elsewhere: median %.2f s, worst %.2f s (%s);"
                        + " loss to failover start (detection): median %.2f s, worst %.2f s%n",
                what,
                seconds.size(),
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1),
                seconds,
                detect.get(detect.size() / 2),
                detect.get(detect.size() - 1));
    }

    /** The test bed's scripts: the path the build passed in (this runs inside the container, elsewhere). */
    private static String tools() {
        String given = System.getProperty("strata.test.tools");
        return given != null ? given : TOOLS;
    }

    /** Powered host n+1's BMC state folder (tools/test-env/ipmi/ipmi-sim.sh). */
    private static Path bmcState(int n) {
        return Path.of("/var/lib/strata-test-env/host-" + (n + 1) + "/ipmi/strata-host-" + (n + 1) + "-bmc/state");
    }

    private static void awaitFor(String what, Duration limit, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static boolean answers(String uri) throws Exception {
        return Testbed.answers(uri);
    }

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

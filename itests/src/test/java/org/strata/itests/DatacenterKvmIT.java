package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The datacenter layer on the distribution against three real KVM hosts: this machine's libvirtd
 * (STRATA_TEST_LIBVIRT_URI) and the testbed's powered hosts 1 and 2 (STRATA_TEST_POWERED_HOST_N_URI,
 * tools/test-env/powered-host.sh), all three kvm hosts of one cluster, with {@code virsh} on each daemon as the
 * independent witness: placement spreads VMs created without a host, the quota and the pool refuse with 409 naming
 * themselves, maintenance empties a host by live migration, and two guests spinning on one host are seen by the
 * monitor and make a balancing round recommend moving one of them to another host, which applying the round does.
 *
 * <p>The build leaves this class out unless all three URIs are set (itests/pom.xml): an assumption that fails inside
 * the Pax Exam container is reported as a pass, so the check in {@link #peers()} fails instead of skipping.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatacenterKvmIT extends StrataTestSupport {

    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private static final String HOST_1 = System.getenv("STRATA_TEST_POWERED_HOST_1_URI");
    private static final String HOST_2 = System.getenv("STRATA_TEST_POWERED_HOST_2_URI");
    private static final String SCRIPT = Path.of("..", "tools", "test-env", "powered-host.sh")
            .toAbsolutePath()
            .normalize()
            .toString();
    /** Where the container finds the script: its working folder is not this module's. */
    private static final String SCRIPT_PROPERTY = "strata.itest.powered-host-script";

    private static final String ACME = "kvm-acme";
    private static final String ACME_USER = "kvm-acme-user";
    private static final String GLOBEX_USER = "kvm-globex-user";
    private static final String USER_PASSWORD = "kvm-tenant-password";

    private final String tag = LibvirtTestSupport.shortId();
    /** Domain names this test made, removed from every daemon afterwards whatever failed. */
    private final List<String> domains = new ArrayList<>();
    /** Inventory objects this test made, removed afterwards (best effort when the test failed half-way). */
    private final List<String> vms = new ArrayList<>();

    private final List<String> hosts = new ArrayList<>();
    /** The busy guest's inventory id: made with virsh, so removed with virsh, and then forgotten by the inventory. */
    private String busyVm;

    private String datacenter;
    private String cluster;
    private String tenant;
    private String pool;

    @Configuration
    @Override
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        // Samples every 2 s instead of 20 s, so that the balancing round has measured load within seconds.
        options.add(editConfigurationFilePut("etc/org.strata.core.cfg", "monitor.interval.seconds", "2"));
        // Tenant users of the realm: one of the tenant the test makes, one of a tenant that owns nothing here.
        options.add(editConfigurationFilePut(
                "etc/users.properties", ACME_USER, USER_PASSWORD + ",tenant-user,tenant:" + ACME));
        options.add(editConfigurationFilePut(
                "etc/users.properties", GLOBEX_USER, USER_PASSWORD + ",tenant-user,tenant:kvm-globex"));
        // The tools/test-env script, for the busy guest's XML, is found from the itests folder.
        options.add(
                org.ops4j.pax.exam.CoreOptions.systemProperty(SCRIPT_PROPERTY).value(SCRIPT));
        return options.toArray(new Option[0]);
    }

    @Before
    public void peers() throws Exception {
        for (String[] peer : new String[][] {
            {"STRATA_TEST_LIBVIRT_URI", LOCAL},
            {"STRATA_TEST_POWERED_HOST_1_URI", HOST_1},
            {"STRATA_TEST_POWERED_HOST_2_URI", HOST_2}
        }) {
            assertTrue(
                    peer[0] + " names a running libvirtd (./strata test starts the three; by hand, as root:"
                            + " tools/test-env/libvirtd.sh start, tools/test-env/powered-host.sh start 1, start 2)",
                    peer[1] != null && !peer[1].isBlank());
        }
        awaitPlatformReady();
        awaitService("(objectClass=org.strata.api.datacenter.ClusterService)");
        await(
                "the KVM driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"kvm\""));
    }

    @Test
    public void placementMaintenanceAndBalancingOnThreeKvmHosts() throws Exception {
        long started = System.nanoTime();
        datacenter = created(post("/api/v1/datacenters", "{\"name\":\"dc-kvm-" + tag + "\"}"))
                .path("id")
                .asText();
        Map<String, String> uriOf = new HashMap<>();
        for (String uri : List.of(LOCAL, HOST_1, HOST_2)) {
            String id = created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"kvm-" + hosts.size() + "-" + tag + "\",\"datacenterId\":\"" + datacenter
                                    + "\",\"driverId\":\"kvm\",\"address\":\"" + uri + "\"}"))
                    .path("id")
                    .asText();
            hosts.add(id);
            uriOf.put(id, uri);
            succeeded(post("/api/v1/hosts/" + id + "/refresh", ""));
            await(uri + " is available and reported its facts", () -> {
                JsonNode h = parse(get("/api/v1/hosts/" + id));
                return "AVAILABLE".equals(h.path("state").asText())
                        && h.path("info").path("cpus").asInt() > 0;
            });
        }
        // The most eager balancing level: the load below is one guest on one host.
        cluster = created(post(
                        "/api/v1/clusters",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"kvm-" + tag
                                + "\",\"cpuOvercommit\":2.0,\"balancingLevel\":5}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        // The tenant the users below belong to (a fixed name: their JAAS role names it; each run has a fresh
        // distribution).
        String tenantName = ACME;
        tenant = created(post("/api/v1/tenants", "{\"name\":\"" + tenantName + "\",\"quota\":{\"vms\":3}}"))
                .path("id")
                .asText();
        String poolName = "kvm-web-" + tag;
        pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"" + poolName + "\",\"clusterId\":\""
                                + cluster + "\",\"tenantId\":\"" + tenant
                                + "\",\"cpuReservation\":4,\"memoryReservationMb\":1024,\"expandable\":false}"))
                .path("id")
                .asText();

        // 1. Three disk-less TCG VMs without a host: placed one per host, and each daemon has its own.
        Map<String, String> names = new HashMap<>();
        Set<String> placedOn = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            String name = "kvm-web" + i + "-" + tag;
            domains.add(name);
            // A tenant user of acme creates it naming its pool only.
            String vm = succeeded(postAs(
                            ACME_USER,
                            "/api/v1/vms?wait=60",
                            "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name
                                    + "\",\"cpus\":1,\"memoryMb\":64,\"serialConsole\":true}}"))
                    .path("result")
                    .asText();
            vms.add(vm);
            names.put(vm, name);
            placedOn.add(hostOf(vm));
        }
        if (!placedOn.equals(Set.copyOf(hosts))) {
            // Why the host left out was not chosen, as placement saw it after the fact.
            fail("placement spread the VMs over " + placedOn + ", not " + hosts + ": "
                    + get("/api/v1/placement/explain?pool=" + pool + "&cpus=1&memoryMb=64")
                            .body());
        }
        for (String vm : vms) {
            String uri = uriOf.get(hostOf(vm));
            for (String other : uriOf.values()) {
                assertEquals(
                        names.get(vm) + " is defined on " + uri + " and nowhere else",
                        other.equals(uri),
                        virshList(other, "--all").contains(names.get(vm)));
            }
        }

        // Another tenant's user learns nothing of them: 404, as for a VM that does not exist; acme's user sees them.
        for (String vm : vms) {
            assertEquals(
                    200,
                    send(request("/api/v1/vms/" + vm, ACME_USER, USER_PASSWORD)
                                    .GET()
                                    .build())
                            .statusCode());
            assertEquals(
                    404,
                    send(request("/api/v1/vms/" + vm, GLOBEX_USER, USER_PASSWORD)
                                    .GET()
                                    .build())
                            .statusCode());
        }
        assertEquals(
                404,
                send(request("/api/v1/vms/" + vms.get(0), GLOBEX_USER, USER_PASSWORD)
                                .DELETE()
                                .build())
                        .statusCode());
        assertEquals(
                List.of(),
                parse(send(request("/api/v1/vms", GLOBEX_USER, USER_PASSWORD)
                                .GET()
                                .build()))
                        .path("items")
                        .findValuesAsText("id"));

        HttpResponse<String> overQuota = postAs(
                ACME_USER,
                "/api/v1/vms",
                "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"kvm-web4-" + tag
                        + "\",\"cpus\":1,\"memoryMb\":64,\"serialConsole\":true}}");
        assertEquals(overQuota.body(), 409, overQuota.statusCode());
        assertTrue(
                overQuota.body(),
                overQuota.body().contains("tenant '" + tenantName + "'")
                        && overQuota.body().contains("3 VMs"));
        HttpResponse<String> tooBig = post(
                "/api/v1/pools",
                "{\"datacenterId\":\"" + datacenter + "\",\"parentId\":\"" + pool + "\",\"name\":\"kvm-big-" + tag
                        + "\",\"cpuReservation\":5}");
        assertEquals(tooBig.body(), 409, tooBig.statusCode());
        assertTrue(tooBig.body(), tooBig.body().contains("pool '" + poolName + "'"));

        for (String vm : vms) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=60", ""));
            assertEquals(
                    "running",
                    virsh(uriOf.get(hostOf(vm)), "domstate", names.get(vm)).trim());
        }

        // Shares reach the hypervisor: the pool made "high" (8000, twice normal) gives each running 1-vCPU VM a CPU
        // weight of 1024 x 2 (docs/datacenter.md, the mapping). This machine's libvirtd has the cgroup CPU controller;
        // the powered hosts' daemons, in network namespaces with a /sys of their own, do not, and libvirt refuses
        // shares there: their VMs must keep running untouched.
        HttpResponse<String> high = put(
                "/api/v1/pools/" + pool,
                "{\"datacenterId\":\"" + datacenter + "\",\"name\":\"" + poolName + "\",\"cpuShares\":8000}");
        assertEquals(high.body(), 200, high.statusCode());
        String onLocal = null;
        for (String vm : vms) {
            if (LOCAL.equals(uriOf.get(hostOf(vm)))) {
                onLocal = vm;
            }
        }
        assertNotNull("a VM runs on " + LOCAL, onLocal);
        String localName = names.get(onLocal);
        await(
                localName + " has the CPU weight of a high pool on " + LOCAL,
                () -> virsh(LOCAL, "schedinfo", localName)
                        .lines()
                        .anyMatch(l -> l.replace(" ", "").equals("cpu_shares:2048")));
        String localVm = onLocal;
        await(
                "the inventory shows the weight in " + localName + "'s definition",
                () -> parse(get("/api/v1/vms/" + localVm))
                                .path("spec")
                                .path("resources")
                                .path("cpuShares")
                                .asInt()
                        == 2048);
        for (String vm : vms) {
            assertEquals(
                    "running",
                    virsh(uriOf.get(hostOf(vm)), "domstate", names.get(vm)).trim());
        }

        // 2. Maintenance of this machine's host: its VM moves live to a powered host. (Any of the three would do:
        // this one, emptied, is then the host the busy guest below loads alone.)
        String local = hosts.get(0);
        String leaving = null;
        for (String vm : vms) {
            if (local.equals(hostOf(vm))) {
                leaving = vm;
            }
        }
        assertTrue("a VM was placed on " + LOCAL, leaving != null);
        JsonNode maintenance =
                succeeded(post("/api/v1/clusters/" + cluster + "/hosts/" + local + "/maintenance?wait=60", ""));
        assertTrue(maintenance.toString(), maintenance.path("result").asText().contains("is in maintenance"));
        assertFalse(
                "no VM of this test runs on " + LOCAL + " any more",
                virshList(LOCAL).contains(names.get(leaving)));
        String movedTo = hostOf(leaving);
        assertTrue(movedTo, hosts.indexOf(movedTo) > 0);
        assertTrue(
                names.get(leaving) + " runs on " + uriOf.get(movedTo),
                virshList(uriOf.get(movedTo)).contains(names.get(leaving)));
        assertEquals(
                "none",
                parse(send(request(
                                        "/api/v1/clusters/" + cluster + "/hosts/" + local + "/maintenance",
                                        ADMIN,
                                        ADMIN_PASSWORD)
                                .DELETE()
                                .build()))
                        .path("maintenance")
                        .asText());

        // 3. Load: two guests each spinning one CPU, defined and started with virsh (not through Strata) on this
        // machine's host, which the maintenance just emptied: balancing, which judges hosts by their VMs' measured
        // load, should move one of them to a powered host.
        List<String> busyNames = List.of("kvm-busy-a-" + tag, "kvm-busy-b-" + tag);
        List<String> busyIds = new ArrayList<>();
        for (String busyName : busyNames) {
            domains.add(busyName);
            Path xml = Files.createTempFile("busy-vm-", ".xml");
            try {
                Files.writeString(
                        xml,
                        program(
                                List.of(System.getProperty(SCRIPT_PROPERTY, SCRIPT), "busy-vm-xml", busyName),
                                Map.of()));
                virsh(LOCAL, "define", xml.toString());
            } finally {
                Files.delete(xml);
            }
            virsh(LOCAL, "start", busyName);
            String[] busy = new String[1];
            await("the inventory records " + busyName + " running on " + LOCAL, () -> {
                for (JsonNode v : parse(get("/api/v1/hosts/" + local + "/vms"))) {
                    if (busyName.equals(v.path("name").asText())
                            && "RUNNING".equals(v.path("state").asText())) {
                        busy[0] = v.path("id").asText();
                    }
                }
                return busy[0] != null;
            });
            busyIds.add(busy[0]);
        }
        busyVm = busyIds.get(0);
        for (String id : busyIds) {
            await(
                    "the monitor measured the busy guest's CPU",
                    () -> latest("/api/v1/vms/" + id + "/stats")
                                    .path("cpuPercent")
                                    .asDouble()
                            > 0);
        }
        StringBuilder measured = new StringBuilder("what the monitor measured:");
        for (String id : busyIds) {
            measured.append(" busy guest ")
                    .append(latest("/api/v1/vms/" + id + "/stats").path("cpuPercent"))
                    .append(" % of its vCPU;");
        }
        for (String host : hosts) {
            JsonNode s = latest("/api/v1/hosts/" + host + "/stats");
            measured.append(' ')
                    .append(uriOf.get(host))
                    .append(" cpu ")
                    .append(s.path("cpuPercent"))
                    .append(" %, memory ")
                    .append(s.path("memoryUsedMb"))
                    .append('/')
                    .append(s.path("memoryTotalMb"))
                    .append(" MiB;");
        }
        for (String vm : vms) {
            measured.append(' ')
                    .append(names.get(vm))
                    .append(" on ")
                    .append(uriOf.get(hostOf(vm)))
                    .append(' ')
                    .append(latest("/api/v1/vms/" + vm + "/stats").path("cpuPercent"))
                    .append(" %;");
        }
        // A round recommends moving a busy guest off the loaded host once the monitor has seen them spin at full
        // speed (their first samples can be low) and the disk-less guests' firmware is not searching for a boot
        // device (it does so for a few seconds after each start, on much of a vCPU): the report is asked again until
        // it does, within the usual deadline.
        JsonNode[] seen = new JsonNode[1];
        try {
            await("a balancing round recommends a move off " + LOCAL, () -> {
                seen[0] = parse(get("/api/v1/clusters/" + cluster + "/recommendations"));
                for (JsonNode m : seen[0].path("recommendations")) {
                    if (local.equals(m.path("fromHostId").asText())) {
                        return true;
                    }
                }
                return false;
            });
        } catch (AssertionError e) {
            fail(e.getMessage() + ": " + seen[0] + "; " + measured);
        }
        JsonNode report = seen[0];
        measured.append(" report ").append(report);
        System.out.println(measured);

        // Automatic rounds come every 5 minutes, and at once when a cluster is switched to automatic: that round
        // carries out the plan by itself.
        HttpResponse<String> automatic = send(request("/api/v1/clusters/" + cluster, ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"datacenterId\":\"" + datacenter + "\",\"name\":\"kvm-"
                        + tag + "\",\"automation\":\"automatic\",\"cpuOvercommit\":2.0,\"balancingLevel\":5}"))
                .build());
        assertEquals(automatic.body(), 200, automatic.statusCode());
        assertEquals("automatic", parse(automatic).path("automation").asText());

        // The loaded host's VMs carry the imbalance: a round moves one busy guest off it (moving both would only
        // load another host as much), and the automatic round does it without being asked.
        List<String> stillLocal = new ArrayList<>();
        await("the automatic round moved one busy guest off " + LOCAL, () -> {
            stillLocal.clear();
            for (String name : busyNames) {
                if (virshList(LOCAL).lines().anyMatch(name::equals)) {
                    stillLocal.add(name);
                }
            }
            return stillLocal.size() == 1;
        });
        await("the automatic round recorded CLUSTER_BALANCED", () -> {
            for (JsonNode e : parse(get("/api/v1/events?subject=" + cluster)).path("items")) {
                if ("CLUSTER_BALANCED".equals(e.path("type").asText())) {
                    System.out.println("automatic round: " + e.path("message").asText());
                    return true;
                }
            }
            return false;
        });
        String moved = busyNames.stream()
                .filter(n -> !stillLocal.contains(n))
                .findFirst()
                .orElseThrow();
        assertTrue(
                moved + " runs on a powered host",
                virshList(HOST_1).lines().anyMatch(moved::equals)
                        || virshList(HOST_2).lines().anyMatch(moved::equals));

        // 4. Everything goes again, checked.
        cleanUp(true);
        for (String uri : uriOf.values()) {
            String left = virshList(uri, "--all");
            for (String name : domains) {
                assertFalse(name + " is gone from " + uri, left.contains(name));
            }
        }
        System.out.println("DatacenterKvmIT took " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    @After
    public void removeWhatWasMade() throws Exception {
        cleanUp(false);
    }

    /**
     * Removes the VMs (through REST, then with virsh from every daemon, for whatever a failure left), then the
     * cluster, pool, tenant, hosts and datacenter. {@code strict}: every step must succeed.
     */
    private void cleanUp(boolean strict) throws Exception {
        for (String vm : vms) {
            HttpResponse<String> off = post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", "");
            if (strict && off.statusCode() != 409) {
                succeeded(off);
            }
            HttpResponse<String> gone = delete("/api/v1/vms/" + vm + "?wait=60");
            if (strict) {
                succeeded(gone);
            }
        }
        vms.clear();
        for (String uri : new String[] {LOCAL, HOST_1, HOST_2}) {
            if (uri == null || uri.isBlank()) {
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
        if (busyVm != null && strict) {
            String id = busyVm;
            await(
                    "the inventory forgot the busy guest",
                    () -> get("/api/v1/vms/" + id).statusCode() == 404);
        }
        busyVm = null;
        List<String> paths = new ArrayList<>();
        if (pool != null) {
            paths.add("/api/v1/pools/" + pool);
        }
        if (tenant != null) {
            paths.add("/api/v1/tenants/" + tenant);
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
        if (datacenter != null) {
            paths.add("/api/v1/datacenters/" + datacenter);
        }
        for (String path : paths) {
            HttpResponse<String> gone = delete(path);
            if (strict) {
                assertEquals(path + ": " + gone.body(), 204, gone.statusCode());
            }
        }
        pool = null;
        tenant = null;
        cluster = null;
        hosts.clear();
        datacenter = null;
    }

    private HttpResponse<String> postAs(String user, String path, String body) throws Exception {
        return send(request(path, user, USER_PASSWORD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private String hostOf(String vm) throws Exception {
        return parse(get("/api/v1/vms/" + vm)).path("hostId").asText();
    }

    /** The latest of a VM's or host's samples, or a missing node when there is none yet. */
    private JsonNode latest(String path) throws Exception {
        JsonNode samples = parse(get(path));
        return samples.size() == 0 ? json.missingNode() : samples.get(samples.size() - 1);
    }

    /** The names of a daemon's domains: running ones, or all with "--all". */
    private static String virshList(String uri, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri, "list", "--name"));
        command.addAll(List.of(flags));
        return program(command, Map.of());
    }

    private static String virsh(String uri, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return program(command, Map.of());
    }
}

package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The datacenter layer on the distribution, through REST with a real HTTP client, over three hosts of the demo
 * driver (Strata's own in-memory hypervisor, which defines, starts and live-migrates VMs; the KVM testbed's end-to-end
 * test is the next step): a cluster, a tenant with a quota, a pool of the tenant in the cluster; VMs created without a
 * host are placed and spread; the quota and the pool refuse with 409 naming themselves; placement explains itself;
 * maintenance mode empties a host; the layer stopped answers 503 and comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatacenterLayerIT extends StrataTestSupport {

    @javax.inject.Inject
    protected org.apache.karaf.shell.api.console.SessionFactory sessionFactory;

    /** One usage sample an hour: the test takes its own, so that the report's figures are exactly its. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() throws Exception {
        List<org.ops4j.pax.exam.Option> options = new ArrayList<>(List.of(super.config()));
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                "etc/org.strata.datacenter.usage.cfg", "intervalMinutes", "60"));
        return options.toArray(new org.ops4j.pax.exam.Option[0]);
    }

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
        awaitService("(objectClass=org.strata.api.datacenter.ClusterService)");
    }

    @Test
    public void vmsArePlacedWithinQuotaAndPoolAndAHostInMaintenanceIsEmptied() throws Exception {
        String dc = created(post("/api/v1/datacenters", "{\"name\":\"dc-layer\"}"))
                .path("id")
                .asText();
        List<String> hosts = demoHosts(dc, "dl-a", "dl-b", "dl-c");
        String cluster = created(post(
                        "/api/v1/clusters",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"prod\",\"cpuOvercommit\":2.0}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post(
                    "/api/v1/clusters/" + cluster + "/hosts",
                    "{\"hostId\":\"" + host + "\",\"labels\":{\"rack\":\"r1\"}}"));
        }
        String tenant = created(post("/api/v1/tenants", "{\"name\":\"acme\",\"quota\":{\"vms\":3,\"cpus\":6}}"))
                .path("id")
                .asText();
        String pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"acme-web\",\"clusterId\":\"" + cluster
                                + "\",\"tenantId\":\"" + tenant
                                + "\",\"cpuReservation\":4,\"memoryReservationMb\":2048,"
                                + "\"expandable\":false}"))
                .path("id")
                .asText();

        // Placement explains before anything is decided: three possible hosts, ranked.
        JsonNode explained = parse(get("/api/v1/placement/explain?pool=" + pool + "&cpus=1&memoryMb=256"));
        assertEquals(explained.toString(), 3, explained.path("hosts").size());
        assertTrue(
                explained.toString(),
                explained.path("hosts").get(0).path("possible").asBoolean());
        assertEquals(1, explained.path("hosts").get(0).path("rank").asInt());

        // Three VMs without a host: placed, one per host.
        List<String> vms = new ArrayList<>();
        Set<String> placedOn = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            String vm = succeeded(post(
                            "/api/v1/vms?wait=30",
                            "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"web" + i
                                    + "\",\"cpus\":1,\"memoryMb\":256}}"))
                    .path("result")
                    .asText();
            vms.add(vm);
            JsonNode record = parse(get("/api/v1/vms/" + vm));
            assertEquals(pool, record.path("poolId").asText());
            placedOn.add(record.path("hostId").asText());
        }
        assertEquals("placement spread the VMs over the three hosts", Set.copyOf(hosts), placedOn);

        // The tenant's quota: a fourth VM is refused at once, naming the quota.
        HttpResponse<String> overQuota = post(
                "/api/v1/vms",
                "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"web4\",\"cpus\":1,\"memoryMb\":256}}");
        assertEquals(overQuota.body(), 409, overQuota.statusCode());
        assertTrue(
                overQuota.body(),
                overQuota.body().contains("tenant 'acme'") && overQuota.body().contains("3 VMs"));

        // The pool's fixed reservation of 4 vCPUs: a child pool reserving 5 is refused, naming the pool.
        HttpResponse<String> tooBig = post(
                "/api/v1/pools",
                "{\"datacenterId\":\"" + dc + "\",\"parentId\":\"" + pool
                        + "\",\"name\":\"acme-big\",\"cpuReservation\":5}");
        assertEquals(tooBig.body(), 409, tooBig.statusCode());
        assertTrue(tooBig.body(), tooBig.body().contains("pool 'acme-web'"));

        // Started, they hold the pool's reservation: the tree shows it.
        for (String vm : vms) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=30", ""));
        }
        JsonNode usage = parse(get("/api/v1/pools/" + pool + "/usage"));
        assertEquals(usage.toString(), 3, usage.path("cpu").path("used").asLong());
        assertEquals(usage.toString(), 1, usage.path("cpu").path("available").asLong());
        assertEquals(3, usage.path("runningVms").asInt());

        // Maintenance: the first VM's host is emptied onto the two others.
        String busy = parse(get("/api/v1/vms/" + vms.get(0))).path("hostId").asText();
        JsonNode maintenance =
                succeeded(post("/api/v1/clusters/" + cluster + "/hosts/" + busy + "/maintenance?wait=60", ""));
        assertTrue(maintenance.toString(), maintenance.path("result").asText().contains("is in maintenance"));
        String movedTo = parse(get("/api/v1/vms/" + vms.get(0))).path("hostId").asText();
        assertNotEquals(busy, movedTo);
        assertEquals(
                "RUNNING", parse(get("/api/v1/vms/" + vms.get(0))).path("state").asText());
        assertEquals(
                "in",
                parse(get("/api/v1/clusters/" + cluster + "/hosts/" + busy))
                        .path("maintenance")
                        .asText());
        JsonNode whileInMaintenance = parse(get("/api/v1/placement/explain?pool=" + pool));
        for (JsonNode v : whileInMaintenance.path("hosts")) {
            if (v.path("hostId").asText().equals(busy)) {
                assertTrue(v.toString(), v.path("refusals").toString().contains("\"maintenance: the host is in"));
            }
        }
        assertEquals(
                "none",
                parse(send(request(
                                        "/api/v1/clusters/" + cluster + "/hosts/" + busy + "/maintenance",
                                        ADMIN,
                                        ADMIN_PASSWORD)
                                .DELETE()
                                .build()))
                        .path("maintenance")
                        .asText());

        // A balancing round from measured load, computed without acting: the three demo hosts run one VM each.
        JsonNode round = parse(get("/api/v1/clusters/" + cluster + "/recommendations"));
        assertEquals(round.toString(), 3, round.path("level").asInt());
        assertEquals("balanced", round.path("policy").asText());
        assertTrue(round.toString(), round.path("recommendations").isArray());

        // A calendar whose window is open all day (but its last second): the cluster follows power-saving now, says
        // so in an event, and placement packs.
        HttpResponse<String> set = send(request("/api/v1/clusters/" + cluster + "/schedule", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"zone\":\"UTC\",\"windows\":[{\"name\":"
                        + "\"all day\",\"policy\":\"power-saving\",\"start\":\"0 0 0 ? * *\",\"end\":"
                        + "\"59 59 23 ? * *\"}]}"))
                .build());
        assertEquals(set.body(), 200, set.statusCode());
        JsonNode calendar = parse(get("/api/v1/clusters/" + cluster + "/schedule?days=2"));
        assertEquals(
                calendar.toString(),
                "power-saving",
                calendar.path("active").path("policy").asText());
        assertEquals("all day", calendar.path("active").path("window").asText());
        assertTrue(calendar.toString(), calendar.path("timeline").size() >= 2);
        await(
                "the policy change is an event",
                () -> get("/api/v1/events?subject=" + cluster).body().contains("CLUSTER_POLICY_CHANGED"));
        assertEquals(
                "power-saving",
                parse(get("/api/v1/placement/explain?pool=" + pool))
                        .path("policy")
                        .asText());
        HttpResponse<String> badCron = send(request("/api/v1/clusters/" + cluster + "/schedule", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"zone\":\"UTC\",\"windows\":[{\"name\":"
                        + "\"bad\",\"policy\":\"power-saving\",\"start\":\"every night\",\"end\":\"0 0 7 ? * *\"}]}"))
                .build());
        assertEquals(badCron.body(), 400, badCron.statusCode());
        assertTrue(badCron.body(), badCron.body().contains("start"));
        assertEquals(204, delete("/api/v1/clusters/" + cluster + "/schedule").statusCode());
        assertEquals(
                "balanced",
                parse(get("/api/v1/clusters/" + cluster + "/schedule"))
                        .path("active")
                        .path("policy")
                        .asText());

        // What this test made goes again.
        for (String vm : vms) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
            succeeded(delete("/api/v1/vms/" + vm + "?wait=30"));
        }
        assertEquals(204, delete("/api/v1/pools/" + pool).statusCode());
        assertEquals(204, delete("/api/v1/tenants/" + tenant).statusCode());
        removeClusterHostsAndDatacenter(dc, cluster, hosts);
    }

    /**
     * Storage in quotas: a VM's storage is the capacity of its disks' volumes as the storage hosts reported them
     * (rounded up to whole GiB per VM); a create or a disk attach that would take the tenant past its storage quota is
     * refused with 409 naming the quota, and the tenant's usage shows what it holds.
     */
    @Test
    public void storageCountsAgainstTheTenantsQuotaAtCreateAndAtDiskAttach() throws Exception {
        String dc = created(post("/api/v1/datacenters", "{\"name\":\"dc-storage\"}"))
                .path("id")
                .asText();
        List<String> hosts = demoHosts(dc, "ds-a");
        String cluster = created(post("/api/v1/clusters", "{\"datacenterId\":\"" + dc + "\",\"name\":\"stored\"}"))
                .path("id")
                .asText();
        created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + hosts.get(0) + "\"}"));
        String nas = created(post(
                        "/api/v1/hosts",
                        "{\"name\":\"ds-nas\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"demo-storage\","
                                + "\"address\":\"demo://ds-nas\",\"kind\":\"STORAGE\"}"))
                .path("id")
                .asText();
        String tenant = created(post("/api/v1/tenants", "{\"name\":\"stor\",\"quota\":{\"storageGb\":3}}"))
                .path("id")
                .asText();
        String pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"stor-pool\",\"clusterId\":\"" + cluster
                                + "\",\"tenantId\":\"" + tenant + "\"}"))
                .path("id")
                .asText();
        String volumes = "/api/v1/hosts/" + nas + "/storage-pools/default-pool/volumes";
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        for (String[] v : new String[][] {{"root-a", "2048"}, {"root-b", "2048"}, {"data", "512"}}) {
            paths.put(
                    v[0],
                    succeeded(post(
                                    volumes + "?wait=30",
                                    "{\"name\":\"" + v[0] + "\",\"capacityMb\":" + v[1] + ",\"format\":\"raw\"}"))
                            .path("result")
                            .asText());
        }

        // 2 GiB of 3: created, and the tenant's usage says so.
        String a = succeeded(post("/api/v1/vms?wait=30", vmWithDisk(pool, "sa", paths.get("root-a"))))
                .path("result")
                .asText();
        assertEquals(
                2,
                parse(get("/api/v1/tenants/" + tenant + "/usage"))
                        .path("storageGb")
                        .asLong());

        // Another 2 GiB would make 4: refused before anything is defined, naming the quota.
        HttpResponse<String> over = post("/api/v1/vms", vmWithDisk(pool, "sb", paths.get("root-b")));
        assertEquals(over.body(), 409, over.statusCode());
        assertTrue(
                over.body(),
                over.body().contains("tenant 'stor'") && over.body().contains("quota of 3 GiB of storage"));
        assertEquals(
                1, parse(get("/api/v1/vms?host=" + hosts.get(0))).path("total").asInt());

        // Half a GiB more on the same VM rounds it up to 3 GiB: within the quota. Then 2 GiB more is not.
        succeeded(post(
                "/api/v1/vms/" + a + "/disks?wait=30",
                "{\"source\":\"" + paths.get("data") + "\",\"format\":\"raw\"}"));
        assertEquals(
                3,
                parse(get("/api/v1/tenants/" + tenant + "/usage"))
                        .path("storageGb")
                        .asLong());
        HttpResponse<String> attach =
                post("/api/v1/vms/" + a + "/disks", "{\"source\":\"" + paths.get("root-b") + "\",\"format\":\"raw\"}");
        assertEquals(attach.body(), 409, attach.statusCode());
        assertTrue(attach.body(), attach.body().contains("quota of 3 GiB of storage"));
        assertEquals(
                2, parse(get("/api/v1/vms/" + a)).path("spec").path("disks").size());

        // Deleted, its storage is free again.
        succeeded(delete("/api/v1/vms/" + a + "?wait=30"));
        String b = succeeded(post("/api/v1/vms?wait=30", vmWithDisk(pool, "sb", paths.get("root-b"))))
                .path("result")
                .asText();
        assertEquals(
                2,
                parse(get("/api/v1/tenants/" + tenant + "/usage"))
                        .path("storageGb")
                        .asLong());

        succeeded(delete("/api/v1/vms/" + b + "?wait=30"));
        for (String v : paths.keySet()) {
            succeeded(delete(volumes + "/" + v + "?wait=30"));
        }
        assertEquals(204, delete("/api/v1/pools/" + pool).statusCode());
        assertEquals(204, delete("/api/v1/tenants/" + tenant).statusCode());
        assertEquals(204, delete("/api/v1/hosts/" + nas).statusCode());
        removeClusterHostsAndDatacenter(dc, cluster, hosts);
    }

    /**
     * A stopped VM whose host can no longer take it starts on another host of its cluster that can: its definition
     * moves there (same UUID), an event says so; when no host can take it, the start is 409 and it stays.
     */
    @Test
    public void aVmItsHostCanNoLongerTakeStartsOnAnotherHostOfItsCluster() throws Exception {
        String dc = created(post("/api/v1/datacenters", "{\"name\":\"dc-moves\"}"))
                .path("id")
                .asText();
        List<String> hosts = demoHosts(dc, "dm-1", "dm-2");
        String cluster = created(post(
                        "/api/v1/clusters",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"moves\",\"cpuOvercommit\":1.0,"
                                + "\"automation\":\"manual\"}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        String pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"moves-pool\",\"clusterId\":\"" + cluster + "\"}"))
                .path("id")
                .asText();
        // A demo host has 8 CPUs: 6 run on dm-1, so a 4-vCPU VM defined there cannot start there.
        String filler = definedOn(hosts.get(0), pool, "filler", 6);
        succeeded(post("/api/v1/vms/" + filler + "/actions/start?wait=30", ""));
        String late = definedOn(hosts.get(0), pool, "late", 4);
        succeeded(post("/api/v1/vms/" + late + "/actions/start?wait=30", ""));
        JsonNode moved = parse(get("/api/v1/vms/" + late));
        assertEquals(moved.toString(), hosts.get(1), moved.path("hostId").asText());
        assertEquals("RUNNING", moved.path("state").asText());
        assertEquals("its UUID is kept", late, moved.path("hypervisorId").asText());
        assertTrue(get("/api/v1/events?subject=" + late).body().contains("VM_MOVED"));

        // 5 vCPUs: the cluster has 6 left, but no host has 5 (2 on dm-1, 4 on dm-2): refused, and it stays.
        String huge = definedOn(hosts.get(0), pool, "huge", 5);
        HttpResponse<String> refused = post("/api/v1/vms/" + huge + "/actions/start", "");
        assertEquals(refused.body(), 409, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("cannot take 5 more vCPUs"));
        assertEquals(
                hosts.get(0), parse(get("/api/v1/vms/" + huge)).path("hostId").asText());

        for (String vm : List.of(filler, late)) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
        }
        for (String vm : List.of(filler, late, huge)) {
            succeeded(delete("/api/v1/vms/" + vm + "?wait=30"));
        }
        assertEquals(204, delete("/api/v1/pools/" + pool).statusCode());
        removeClusterHostsAndDatacenter(dc, cluster, hosts);
    }

    private String definedOn(String host, String pool, String name, int cpus) throws Exception {
        return succeeded(post(
                        "/api/v1/vms?wait=30",
                        "{\"hostId\":\"" + host + "\",\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name
                                + "\",\"cpus\":" + cpus + ",\"memoryMb\":256}}"))
                .path("result")
                .asText();
    }

    private static String vmWithDisk(String pool, String name, String path) {
        return "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMb\":256,"
                + "\"disks\":[{\"source\":\"" + path + "\",\"format\":\"raw\"}]}}";
    }

    @Test
    public void affinityGroupsKeepVmsApartOrTogetherThroughPlacementMigrationAndMaintenance() throws Exception {
        String dc = created(post("/api/v1/datacenters", "{\"name\":\"dc-affinity\"}"))
                .path("id")
                .asText();
        List<String> hosts = demoHosts(dc, "af-a", "af-b", "af-c");
        String cluster = created(post("/api/v1/clusters", "{\"datacenterId\":\"" + dc + "\",\"name\":\"af\"}"))
                .path("id")
                .asText();
        for (String host : hosts) {
            created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        }
        String pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"af-pool\",\"clusterId\":\"" + cluster + "\"}"))
                .path("id")
                .asText();
        String groups = "/api/v1/clusters/" + cluster + "/affinity-groups";

        // A must-anti-affinity group: three members created without a host land on three different hosts.
        JsonNode apart =
                created(post(groups, "{\"name\":\"apart\",\"kind\":\"anti-affinity\",\"enforcement\":\"must\"}"));
        String apartUrl = groups + "/" + apart.path("id").asText();
        List<String> apartVms = new ArrayList<>();
        Set<String> apartHosts = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            String vm = succeeded(post(
                            apartUrl + "/vms?wait=30",
                            "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"apart" + i
                                    + "\",\"cpus\":1,\"memoryMb\":128}}"))
                    .path("result")
                    .asText();
            apartVms.add(vm);
            apartHosts.add(parse(get("/api/v1/vms/" + vm)).path("hostId").asText());
        }
        assertEquals("one member per host", Set.copyOf(hosts), apartHosts);
        assertEquals(
                Set.copyOf(apartVms),
                Set.copyOf(json.convertValue(parse(get(apartUrl)).path("vmIds"), List.class)));

        // A fourth member has nowhere to go: 409 naming the group, on every host.
        HttpResponse<String> fourth = post(
                apartUrl + "/vms",
                "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"apart4\",\"cpus\":1,\"memoryMb\":128}}");
        assertEquals(fourth.body(), 409, fourth.statusCode());
        assertTrue(fourth.body(), fourth.body().contains("affinity: group 'apart' (must anti-affinity)"));

        // Placement explains the rule for a member: the others' hosts are refused, naming the group and the VM.
        JsonNode explained = parse(get("/api/v1/placement/explain?pool=" + pool + "&vm=" + apartVms.get(0)));
        assertTrue(explained.toString(), explained.path("filters").toString().contains("affinity"));
        int refused = 0;
        for (JsonNode v : explained.path("hosts")) {
            if (!v.path("possible").asBoolean()) {
                refused++;
                assertTrue(v.toString(), v.path("refusals").toString().contains("group 'apart'"));
            }
        }
        assertEquals(explained.toString(), 2, refused);

        // A must-affinity group: its two members land together.
        String together = groups + "/"
                + created(post(groups, "{\"name\":\"together\",\"kind\":\"affinity\",\"enforcement\":\"must\"}"))
                        .path("id")
                        .asText();
        List<String> togetherVms = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            togetherVms.add(succeeded(post(
                            together + "/vms?wait=30",
                            "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"together" + i
                                    + "\",\"cpus\":1,\"memoryMb\":128}}"))
                    .path("result")
                    .asText());
        }
        String togetherHost =
                parse(get("/api/v1/vms/" + togetherVms.get(0))).path("hostId").asText();
        assertEquals(
                togetherHost,
                parse(get("/api/v1/vms/" + togetherVms.get(1))).path("hostId").asText());

        // Must rules that contradict: two members of 'apart' cannot also be bound together.
        HttpResponse<String> contradiction = post(
                groups,
                "{\"name\":\"bad\",\"kind\":\"affinity\",\"enforcement\":\"must\",\"vmIds\":[\"" + apartVms.get(0)
                        + "\",\"" + apartVms.get(1) + "\"]}");
        assertEquals(contradiction.body(), 409, contradiction.statusCode());
        assertTrue(contradiction.body(), contradiction.body().contains("group 'apart'"));
        // A VM of another cluster's pool (here: none) is bad input.
        HttpResponse<String> unknownVm =
                post(groups, "{\"name\":\"x\",\"kind\":\"affinity\",\"enforcement\":\"should\",\"vmIds\":[\"nope\"]}");
        assertEquals(unknownVm.body(), 400, unknownVm.statusCode());

        // All five run.
        for (String vm : togetherVms) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=30", ""));
        }
        String apartOnTogetherHost = null;
        for (String vm : apartVms) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=30", ""));
            if (parse(get("/api/v1/vms/" + vm)).path("hostId").asText().equals(togetherHost)) {
                apartOnTogetherHost = vm;
            }
        }
        // A migration to a host named outright keeps the must rules too: 409 naming the group.
        String otherHost =
                hosts.stream().filter(h -> !h.equals(togetherHost)).findFirst().orElseThrow();
        HttpResponse<String> split =
                post("/api/v1/vms/" + apartOnTogetherHost + "/migrate", "{\"targetHostId\":\"" + otherHost + "\"}");
        assertEquals(split.body(), 409, split.statusCode());
        assertTrue(split.body(), split.body().contains("group 'apart' (must anti-affinity)"));

        // Maintenance of their host: the must-affinity pair moves, together, to one other host; the anti-affinity
        // member there has nowhere to go (the two other hosts hold members of 'apart') and is named.
        HttpResponse<String> entering =
                post("/api/v1/clusters/" + cluster + "/hosts/" + togetherHost + "/maintenance", "");
        assertTrue(entering.body(), entering.statusCode() == 202);
        JsonNode evacuation = awaitTask(parse(entering).path("id").asText());
        assertEquals(evacuation.toString(), "FAILED", evacuation.path("state").asText());
        String why = evacuation.path("errorMessage").asText();
        assertTrue(why, why.contains("could not move apart") && why.contains("group 'apart'"));
        String movedTo =
                parse(get("/api/v1/vms/" + togetherVms.get(0))).path("hostId").asText();
        assertNotEquals(togetherHost, movedTo);
        assertEquals(
                movedTo,
                parse(get("/api/v1/vms/" + togetherVms.get(1))).path("hostId").asText());
        assertEquals(
                togetherHost,
                parse(get("/api/v1/vms/" + apartOnTogetherHost)).path("hostId").asText());
        assertEquals(
                "none",
                parse(send(request(
                                        "/api/v1/clusters/" + cluster + "/hosts/" + togetherHost + "/maintenance",
                                        ADMIN,
                                        ADMIN_PASSWORD)
                                .DELETE()
                                .build()))
                        .path("maintenance")
                        .asText());

        // Deleting a VM removes its memberships; deleting a group leaves its VMs.
        List<String> all = new ArrayList<>(apartVms);
        all.addAll(togetherVms);
        for (String vm : all) {
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
        }
        succeeded(delete("/api/v1/vms/" + apartVms.get(0) + "?wait=30"));
        assertEquals(2, parse(get(apartUrl)).path("vmIds").size());
        assertEquals(204, delete(apartUrl).statusCode());
        assertEquals(404, get(apartUrl).statusCode());
        assertEquals(1, parse(get(groups)).size());

        // What this test made goes again.
        for (String vm : all.subList(1, all.size())) {
            succeeded(delete("/api/v1/vms/" + vm + "?wait=30"));
        }
        assertEquals(204, delete(together).statusCode());
        assertEquals(204, delete("/api/v1/pools/" + pool).statusCode());
        removeClusterHostsAndDatacenter(dc, cluster, hosts);
    }

    @Test
    public void theLayerStoppedAnswers503AndComesBack() throws Exception {
        Bundle layer = bundle("org.strata.datacenter");
        layer.stop();
        try {
            HttpResponse<String> away = get("/api/v1/clusters");
            assertEquals(away.body(), 503, away.statusCode());
            assertTrue(away.body(), away.body().contains("strata-datacenter"));
            // Core goes on without it: a VM with a host is still defined, a VM without one is refused in words.
            HttpResponse<String> noHost =
                    post("/api/v1/vms", "{\"spec\":{\"name\":\"nowhere\",\"cpus\":1,\"memoryMb\":64}}");
            assertEquals(noHost.body(), 400, noHost.statusCode());
            assertTrue(noHost.body(), noHost.body().contains("hostId is required"));
        } finally {
            layer.start();
        }
        awaitService("(objectClass=org.strata.api.datacenter.ClusterService)");
        await("the clusters answer again", () -> get("/api/v1/clusters").statusCode() == 200);
    }

    @Test
    public void theUsageReportShowsReservedAllocatedAndHostHoursInJsonAndCsv() throws Exception {
        String dc = created(post("/api/v1/datacenters", "{\"name\":\"dc-usage\"}"))
                .path("id")
                .asText();
        String host = created(post(
                        "/api/v1/hosts",
                        "{\"name\":\"du-a\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"demo\","
                                + "\"address\":\"demo://du-a\"}"))
                .path("id")
                .asText();
        await("du-a is available and reported its facts", () -> {
            JsonNode h = parse(get("/api/v1/hosts/" + host));
            return "AVAILABLE".equals(h.path("state").asText())
                    && h.path("info").path("cpus").asInt() > 0;
        });
        String cluster = created(post("/api/v1/clusters", "{\"datacenterId\":\"" + dc + "\",\"name\":\"usage\"}"))
                .path("id")
                .asText();
        created(post("/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}"));
        String tenant = created(post("/api/v1/tenants", "{\"name\":\"usage-co\"}"))
                .path("id")
                .asText();
        String pool = created(post(
                        "/api/v1/pools",
                        "{\"datacenterId\":\"" + dc + "\",\"name\":\"usage-web\",\"clusterId\":\"" + cluster
                                + "\",\"tenantId\":\"" + tenant
                                + "\",\"cpuReservation\":4,\"memoryReservationMb\":2048}"))
                .path("id")
                .asText();
        String vm = succeeded(post(
                        "/api/v1/vms?wait=30",
                        "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"usage1\",\"cpus\":2,\"memoryMb\":512}}"))
                .path("result")
                .asText();
        succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=30", ""));

        // A sample now; the recorder's own come once an hour in this test (config()), and the first after a start
        // stands for one interval: one hour of one running VM on one reachable host.
        HttpResponse<String> sampled = post("/api/v1/reports/usage/samples", "");
        assertEquals(sampled.body(), 200, sampled.statusCode());
        String hour = parse(sampled).path("at").asText().substring(0, 13) + ":00:00Z";

        HttpResponse<String> answer = get("/api/v1/reports/usage?tenant=usage-co&step=hour");
        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode report = parse(answer);
        assertEquals("tenant", report.path("scope").asText());
        assertEquals(tenant, report.path("subjectId").asText());
        assertTrue(report.toString(), report.path("poolIds").toString().contains(pool));
        JsonNode step = null;
        for (JsonNode s : report.path("steps")) {
            if (s.path("start").asText().startsWith(hour.substring(0, 13))) {
                step = s;
            }
        }
        assertTrue(report.toString(), step != null);
        for (JsonNode s : List.of(step, report.path("totals"))) {
            assertEquals(s.toString(), 4.0, s.path("cpuReserved").asDouble(), 1e-9);
            assertEquals(s.toString(), 2048.0, s.path("memoryReservedMb").asDouble(), 1e-9);
            assertEquals(s.toString(), 2.0, s.path("cpuAllocated").asDouble(), 1e-9);
            assertEquals(s.toString(), 512.0, s.path("memoryAllocatedMb").asDouble(), 1e-9);
            assertEquals(s.toString(), 1.0, s.path("vmHours").asDouble(), 1e-9);
            assertEquals(s.toString(), 1.0, s.path("hostHoursPoweredOn").asDouble(), 1e-9);
            assertEquals(s.toString(), 0.0, s.path("hostHoursSaved").asDouble(), 1e-9);
            assertTrue(
                    s.toString(),
                    s.path("cpuUsed").asDouble() >= 0 && s.path("cpuUsed").asDouble() <= 2);
        }
        JsonNode hours = report.path("clusters").get(0);
        assertEquals(report.toString(), "usage", hours.path("name").asText());
        assertEquals(1.0, hours.path("hostHoursPoweredOn").asDouble(), 1e-9);

        // The same as CSV, by Accept and by ?format: a header, then one line per step.
        for (HttpResponse<String> csv : List.of(
                send(request("/api/v1/reports/usage?tenant=" + tenant + "&step=hour", ADMIN, ADMIN_PASSWORD)
                        .header("Accept", "text/csv")
                        .GET()
                        .build()),
                get("/api/v1/reports/usage?pool=" + pool + "&step=hour&format=csv"))) {
            assertEquals(csv.body(), 200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            String[] lines = csv.body().split("\r\n");
            assertTrue(
                    lines[0], lines[0].startsWith("scope,subject,start,end,covered_hours,cpu_reserved,cpu_allocated"));
            assertEquals(csv.body(), report.path("steps").size() + 1, lines.length);
            String line = java.util.Arrays.stream(lines)
                    .filter(l -> l.split(",")[2].equals(hour))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(csv.body()));
            String[] f = line.split(",");
            assertEquals(line, "4", f[5]);
            assertEquals(line, "2", f[6]);
            assertEquals(line, "2048", f[8]);
            assertEquals(line, "512", f[9]);
            assertEquals(line, "1", f[11]);
            assertEquals(line, "1", f[12]);
        }

        // The same report over SOAP (the JSON document as one string) and in the shell (its CSV).
        HttpResponse<String> soap = send(request("/soap/reports", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                                + "xmlns:s=\"urn:strata:ws:v1\"><soapenv:Body><s:getUsageReport><s:tenant>usage-co"
                                + "</s:tenant><s:step>hour</s:step></s:getUsageReport></soapenv:Body>"
                                + "</soapenv:Envelope>"))
                .build());
        assertEquals(soap.body(), 200, soap.statusCode());
        java.util.regex.Matcher reportJson = java.util.regex.Pattern.compile("<(?:\\w+:)?reportJson>([^<]*)</")
                .matcher(soap.body());
        assertTrue(soap.body(), reportJson.find());
        JsonNode overSoap =
                json.readTree(reportJson.group(1).replace("&quot;", "\"").replace("&amp;", "&"));
        assertEquals(
                overSoap.toString(),
                2.0,
                overSoap.path("totals").path("cpuAllocated").asDouble(),
                1e-9);
        assertEquals(report.path("steps").size(), overSoap.path("steps").size());
        String shellCsv = shell("strata:usage-report --tenant usage-co --step hour --csv");
        String shellLine = java.util.Arrays.stream(shellCsv.split("\\R"))
                .filter(l -> l.split(",").length > 2 && l.split(",")[2].equals(hour))
                .findFirst()
                .orElseThrow(() -> new AssertionError(shellCsv));
        assertEquals(shellLine, "4", shellLine.split(",")[5]);
        assertEquals(shellLine, "2", shellLine.split(",")[6]);

        // Bad queries are 400 with a problem, unknown subjects 404.
        for (String bad : List.of(
                "tenant=usage-co&step=week",
                "tenant=usage-co&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
                "tenant=usage-co&pool=" + pool,
                "tenant=usage-co&step=hour&from=2000-01-01T00:00:00Z",
                "tenant=usage-co&format=xml",
                "tenant=usage-co&from=yesterday")) {
            HttpResponse<String> r = get("/api/v1/reports/usage?" + bad);
            assertEquals(bad + ": " + r.body(), 400, r.statusCode());
            assertTrue(r.body(), r.body().contains("INVALID_INPUT"));
        }
        assertEquals(404, get("/api/v1/reports/usage?tenant=nobody-here").statusCode());
        assertEquals(404, get("/api/v1/reports/usage?pool=no-such-pool").statusCode());
        HttpResponse<String> viewer = send(request("/api/v1/reports/usage/samples", VIEWER, VIEWER_PASSWORD)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(403, viewer.statusCode());

        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
        succeeded(delete("/api/v1/vms/" + vm + "?wait=30"));
        assertEquals(204, delete("/api/v1/pools/" + pool).statusCode());
        assertEquals(204, delete("/api/v1/tenants/" + tenant).statusCode());
        assertEquals(
                204, delete("/api/v1/clusters/" + cluster + "/hosts/" + host).statusCode());
        assertEquals(204, delete("/api/v1/clusters/" + cluster).statusCode());
        assertEquals(204, delete("/api/v1/hosts/" + host).statusCode());
        assertEquals(204, delete("/api/v1/datacenters/" + dc).statusCode());
    }

    /** Demo hosts of these names in {@code dc}, once each is available and has reported its facts; their ids. */
    private List<String> demoHosts(String dc, String... names) throws Exception {
        List<String> hosts = new ArrayList<>();
        for (String name : names) {
            String id = created(post(
                            "/api/v1/hosts",
                            "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"demo\","
                                    + "\"address\":\"demo://" + name + "\"}"))
                    .path("id")
                    .asText();
            hosts.add(id);
            await(name + " is available and reported its facts", () -> {
                JsonNode h = parse(get("/api/v1/hosts/" + id));
                return "AVAILABLE".equals(h.path("state").asText())
                        && h.path("info").path("cpus").asInt() > 0;
            });
        }
        return hosts;
    }

    /** Takes the hosts out of the cluster, then removes the cluster, the hosts and the datacenter, in that order. */
    private void removeClusterHostsAndDatacenter(String dc, String cluster, List<String> hosts) throws Exception {
        for (String host : hosts) {
            assertEquals(
                    204,
                    delete("/api/v1/clusters/" + cluster + "/hosts/" + host).statusCode());
        }
        assertEquals(204, delete("/api/v1/clusters/" + cluster).statusCode());
        for (String host : hosts) {
            assertEquals(204, delete("/api/v1/hosts/" + host).statusCode());
        }
        assertEquals(204, delete("/api/v1/datacenters/" + dc).statusCode());
    }

    private String shell(String command) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session =
                sessionFactory.create(java.io.InputStream.nullInputStream(), out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}

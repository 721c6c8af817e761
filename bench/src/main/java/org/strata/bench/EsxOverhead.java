package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.strata.driver.esx.EsxDriver;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

/**
 * Issue 5's figures, against a vCenter simulated by govmomi's vcsim (3 hosts, 100 VMs): login plus listing every VM
 * through the ESX driver alone and through REST, and VM power on/off through REST against the driver alone.
 * Arguments: base-url user password vcsim-authority vcsim-password runs.
 */
public final class EsxOverhead {

    private static final String[] HOSTS = {"DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2"};

    private final StrataClient strata;
    private final ObjectMapper json;
    private final String vcsim;
    private final String vcsimPassword;

    private EsxOverhead(String base, String user, String password, String vcsim, String vcsimPassword) {
        this.strata = new StrataClient(base, user, password);
        this.json = strata.json();
        this.vcsim = vcsim;
        this.vcsimPassword = vcsimPassword;
    }

    public static void main(String[] args) throws Exception {
        EsxOverhead bench = new EsxOverhead(args[0], args[1], args[2], args[3], args[4]);
        int runs = Integer.parseInt(args[5]);
        bench.run(runs);
    }

    private Endpoint endpoint(String host) {
        return new Endpoint(
                "vpx://" + vcsim + "/DC0/DC0_C0/" + host + "?transport=http", "strata", Secret.of(vcsimPassword), null);
    }

    private void run(int runs) throws Exception {
        EsxDriver driver = new EsxDriver();
        // 1. login and list: the driver opens one session per host (each a login) and lists its VMs.
        List<Long> driverList = new ArrayList<>();
        int vms = 0;
        for (int i = 0; i < runs + 3; i++) {
            long t0 = System.nanoTime();
            int n = 0;
            for (String h : HOSTS) {
                try (HypervisorSession s = driver.open(endpoint(h))) {
                    n += s.listVms().size();
                }
            }
            if (i >= 3) {
                driverList.add(System.nanoTime() - t0);
            }
            vms = n;
        }
        List<String> hostIds = new ArrayList<>();
        String dc = json.readTree(strata.get("/api/v1/datacenters").body())
                .path("items")
                .get(0)
                .path("id")
                .asText();
        for (String h : HOSTS) {
            HttpResponse<String> r = strata.post(
                    "/api/v1/hosts",
                    "{\"name\":\"bench-" + h + "-" + System.nanoTime()
                            + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"esx\",\"address\":\"vpx://" + vcsim
                            + "/DC0/DC0_C0/" + h + "?transport=http\",\"username\":\"strata\",\"password\":\""
                            + vcsimPassword + "\"}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException(r.body());
            }
            String id = json.readTree(r.body()).path("id").asText();
            hostIds.add(id);
            strata.task(strata.post("/api/v1/hosts/" + id + "/refresh", ""));
        }
        // REST: the inventory's list (one request, HTTP Basic login included), and a refresh of the three hosts
        // (the platform lists each host through the driver and reconciles its inventory).
        List<Long> restList = new ArrayList<>();
        List<Long> restRefresh = new ArrayList<>();
        int restVms = 0;
        for (int i = 0; i < runs + 3; i++) {
            long t0 = System.nanoTime();
            JsonNode page = json.readTree(strata.get("/api/v1/vms?limit=500").body());
            long t1 = System.nanoTime();
            for (String id : hostIds) {
                strata.task(strata.post("/api/v1/hosts/" + id + "/refresh?wait=30", ""));
            }
            long t2 = System.nanoTime();
            if (i >= 3) {
                restList.add(t1 - t0);
                restRefresh.add(t2 - t1);
            }
            restVms = 0;
            for (JsonNode vm : page.path("items")) {
                if (hostIds.contains(vm.path("hostId").asText())) {
                    restVms++;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nvCenter simulator %s: %d hosts, %d VMs (REST inventory: %d), %d runs, median ms%n",
                vcsim,
                HOSTS.length,
                vms,
                restVms,
                runs);
        System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "driver: 3 logins + list every VM", median(driverList));
        System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "REST: GET /vms?limit=500 (the inventory)", median(restList));
        System.out.printf(
                Locale.ROOT, "%-44s %10.2f%n", "REST: refresh 3 hosts (list + reconcile)", median(restRefresh));

        // 2. power on / off of one VM: the driver alone, then REST (?wait returns when the task ends).
        List<Long> dOn = new ArrayList<>();
        List<Long> dOff = new ArrayList<>();
        try (HypervisorSession s = driver.open(endpoint(HOSTS[0]))) {
            VmInfo vm = s.listVms().get(0);
            if (vm.state() == VmInfo.PowerState.RUNNING) {
                s.powerOff(vm.id());
            }
            for (int i = 0; i < runs + 3; i++) {
                long t0 = System.nanoTime();
                s.start(vm.id());
                long t1 = System.nanoTime();
                s.powerOff(vm.id());
                long t2 = System.nanoTime();
                if (i >= 3) {
                    dOn.add(t1 - t0);
                    dOff.add(t2 - t1);
                }
            }
        }
        JsonNode restVm = null;
        for (JsonNode vm : json.readTree(strata.get("/api/v1/vms?host=" + hostIds.get(0) + "&limit=500")
                        .body())
                .path("items")) {
            restVm = vm;
            break;
        }
        String vmId = restVm.path("id").asText();
        // Off to begin with. The listed state may predate an event still on its way, so the platform (409) or the
        // hypervisor (a task failed with CONFLICT) may answer that it is off already; then wait for the inventory.
        strata.post("/api/v1/vms/" + vmId + "/actions/poweroff?wait=30", "");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STOPPED"
                .equals(json.readTree(strata.get("/api/v1/vms/" + vmId).body())
                        .path("state")
                        .asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("VM " + vmId + " did not read STOPPED within 30 s");
            }
            LockSupport.parkNanos(10_000_000);
        }
        List<Long> rOn = new ArrayList<>();
        List<Long> rOff = new ArrayList<>();
        for (int i = 0; i < runs + 3; i++) {
            long t0 = System.nanoTime();
            strata.task(strata.post("/api/v1/vms/" + vmId + "/actions/start?wait=30", ""));
            long t1 = System.nanoTime();
            strata.task(strata.post("/api/v1/vms/" + vmId + "/actions/poweroff?wait=30", ""));
            long t2 = System.nanoTime();
            if (i >= 3) {
                rOn.add(t1 - t0);
                rOff.add(t2 - t1);
            }
        }
        System.out.printf(Locale.ROOT, "%n%-12s %12s %12s %12s%n", "median ms", "driver", "REST", "overhead");
        row("power on", dOn, rOn);
        row("power off", dOff, rOff);
    }

    private static void row(String what, List<Long> direct, List<Long> rest) {
        double d = median(direct), r = median(rest);
        System.out.printf(Locale.ROOT, "%-12s %12.2f %12.2f %12.2f%n", what, d, r, r - d);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}

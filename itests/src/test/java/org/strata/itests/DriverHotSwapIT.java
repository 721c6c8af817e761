package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A driver bundle stopped, started and updated while the platform runs: its hosts show unavailable and
 * fail fast meanwhile, everything is back afterwards, and nothing in the repository is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverHotSwapIT extends StrataTestSupport {

    private static final String DEMO_BUNDLE = "org.strata.driver.demo";

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
    }

    @Test
    public void stoppingAndRestartingADriverBundleLosesNothing() throws Exception {
        HttpResponse<String> created = post("/api/v1/datacenters", "{\"name\":\"Survives hot-swap\"}");
        assertEquals(created.body(), 201, created.statusCode());
        String keptId = parse(created).path("id").asText();
        String hostsBefore = hostIds();
        long historyBefore = parse(get("/api/v1/history?limit=1")).path("total").asLong();
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();

        Bundle driver = bundle(DEMO_BUNDLE);
        driver.stop();
        await(
                "the demo driver is gone from /drivers",
                () -> !get("/api/v1/drivers").body().contains("\"demo\""));

        JsonNode host = parse(get("/api/v1/hosts/" + hostId));
        assertEquals("DRIVER_UNAVAILABLE", host.path("state").asText());
        assertTrue(host.path("stateReason").asText().contains("demo"));

        HttpResponse<String> vms = get("/api/v1/hosts/" + hostId + "/vms");
        assertEquals(503, vms.statusCode());
        assertEquals("DRIVER_UNAVAILABLE", parse(vms).path("code").asText());
        HttpResponse<String> power = post("/api/v1/hosts/" + hostId + "/vms/any/start", "");
        assertEquals("fails fast, not as a task", 503, power.statusCode());
        // What a hypervisor host is not is refused by the kind stored with it, as with its driver running.
        for (String notAHypervisorsPart : new String[] {"/storage-pools", "/power"}) {
            HttpResponse<String> refused = get("/api/v1/hosts/" + hostId + notAHypervisorsPart);
            assertEquals(refused.body(), 501, refused.statusCode());
            assertEquals("UNSUPPORTED", parse(refused).path("code").asText());
        }

        JsonNode events = parse(get("/api/v1/events?subject=demo"));
        assertTrue(events.toString(), events.toString().contains("DRIVER_UNREGISTERED"));

        long started = System.nanoTime();
        driver.start();
        await(
                "the demo host's VMs can be listed again",
                () -> get("/api/v1/hosts/" + hostId + "/vms").statusCode() == 200);
        System.out.printf(
                "hot-swap: demo driver usable %.1f ms after bundle start%n", (System.nanoTime() - started) / 1e6);

        assertEquals(
                "AVAILABLE", parse(get("/api/v1/hosts/" + hostId)).path("state").asText());
        assertEquals(200, get("/api/v1/datacenters/" + keptId).statusCode());
        assertEquals(hostsBefore, hostIds());
        assertEquals(
                historyBefore,
                parse(get("/api/v1/history?limit=1")).path("total").asLong());
        assertTrue(parse(get("/api/v1/events?subject=demo")).toString().contains("DRIVER_REGISTERED"));
    }

    @Test
    public void updatingADriverBundleInPlaceRebindsIt() throws Exception {
        Bundle driver = bundle(DEMO_BUNDLE);
        String hostId = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("id")
                .asText();
        long started = System.nanoTime();
        driver.update();
        await(
                "the demo host's VMs can be listed after the update",
                () -> get("/api/v1/hosts/" + hostId + "/vms").statusCode() == 200);
        System.out.printf(
                "hot-swap: demo driver usable %.1f ms after bundle update%n", (System.nanoTime() - started) / 1e6);
        assertEquals(Bundle.ACTIVE, driver.getState());
        assertFalse(parse(get("/api/v1/drivers")).isEmpty());
    }

    private String hostIds() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (JsonNode h : parse(get("/api/v1/hosts?limit=500")).path("items")) {
            ids.append(h.path("id").asText()).append(' ');
        }
        return ids.toString();
    }
}

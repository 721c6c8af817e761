package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterHours;
import org.strata.api.datacenter.UsageQuery;
import org.strata.api.datacenter.UsageReport;
import org.strata.api.datacenter.UsageReportService;
import org.strata.api.datacenter.UsageSampling;
import org.strata.api.datacenter.UsageStep;

/**
 * The usage report's REST route and SOAP operation through real CXF: JSON by default, CSV by Accept or ?format, bad
 * values and unknown subjects as problems or faults, 503 while the layer is away. The service behind is a
 * hand-written fake with a fixed report (the real one needs the datacenter layer, tested in DatacenterLayerIT).
 */
public class UsageReportHttpTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    /** A fixed report of tenant acme; "nobody" is unknown; the step is checked as the layer checks it. */
    static final class FixedUsageReportsForTests implements UsageReportService {
        @Override
        public UsageReport report(UsageQuery query) {
            if ("nobody".equals(query.tenant())) {
                throw StrataException.notFound("tenant", query.tenant());
            }
            if (query.step() != null && !List.of("hour", "day").contains(query.step())) {
                throw StrataException.invalid("step must be hour or day, was '" + query.step() + "'");
            }
            Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
            Instant t1 = Instant.parse("2026-03-02T00:00:00Z");
            UsageStep step = new UsageStep(t0, t1, 24, 4, 2, 0.5, 2048, 512, 300, 24, 72, 12);
            return new UsageReport(
                    "tenant",
                    "t-1",
                    "acme, inc",
                    t0,
                    t1,
                    "day",
                    List.of("p-1"),
                    List.of(new ClusterHours("c-1", "prod", 72, 12)),
                    List.of(step),
                    step);
        }

        @Override
        public UsageSampling sampleNow() {
            return new UsageSampling(Instant.parse("2026-03-01T00:05:00Z"), 1, 1);
        }
    }

    private static HttpResponse<String> get(String query, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.base + "/api/v1/reports/usage" + query))
                .header("Authorization", TestServer.basic("viewer", TestServer.PASSWORD));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return server.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void jsonByDefaultAndCsvByAcceptOrFormat() throws Exception {
        HttpResponse<String> json = get("?tenant=acme", null);
        assertEquals(json.body(), 200, json.statusCode());
        JsonNode report = MAPPER.readTree(json.body());
        assertEquals(4.0, report.at("/steps/0/cpuReserved").asDouble(), 0);
        assertEquals("prod", report.at("/clusters/0/name").asText());
        assertEquals(12.0, report.at("/totals/hostHoursSaved").asDouble(), 0);

        for (HttpResponse<String> csv :
                List.of(get("?tenant=acme", "text/csv"), get("?tenant=acme&format=csv", null))) {
            assertEquals(csv.body(), 200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertEquals(
                    "scope,subject,start,end,covered_hours,cpu_reserved,cpu_allocated,cpu_used,memory_reserved_mb,"
                            + "memory_allocated_mb,memory_used_mb,vm_hours,host_hours_powered_on,host_hours_saved\r\n"
                            + "tenant,\"acme, inc\",2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,24,4,2,0.5,2048,512,300,"
                            + "24,72,12\r\n",
                    csv.body());
        }
        assertEquals(200, get("?tenant=acme&format=json", "text/csv").statusCode());
        assertTrue(get("?tenant=acme&format=json", "text/csv")
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/json"));
    }

    @Test
    public void badValuesAre400AndUnknownSubjects404() throws Exception {
        TestServer.problem(get("?tenant=acme&format=xml", null), 400, "INVALID_INPUT");
        TestServer.problem(get("?tenant=acme&step=week", null), 400, "INVALID_INPUT");
        TestServer.problem(get("?tenant=acme&from=yesterday", null), 400, "INVALID_INPUT");
        TestServer.problem(get("?tenant=acme&colour=red", null), 400, "INVALID_INPUT");
        TestServer.problem(get("?tenant=nobody", "text/csv"), 404, "NOT_FOUND");
    }

    @Test
    public void takingASampleNeedsAWriter() throws Exception {
        HttpResponse<String> viewer = server.send("POST", "/api/v1/reports/usage/samples", "viewer", null, null);
        assertEquals(403, viewer.statusCode());
        HttpResponse<String> admin = server.send("POST", "/api/v1/reports/usage/samples", "admin", null, null);
        assertEquals(admin.body(), 200, admin.statusCode());
        assertEquals(1, MAPPER.readTree(admin.body()).path("pools").asInt());
    }

    @Test
    public void soapAnswersTheJsonDocumentAndFaults() throws Exception {
        HttpResponse<String> ok = server.send(
                "POST",
                "/soap/reports",
                "viewer",
                "text/xml; charset=UTF-8",
                envelope("<s:getUsageReport><s:tenant>acme</s:tenant><s:step>day</s:step></s:getUsageReport>"));
        assertEquals(ok.body(), 200, ok.statusCode());
        JsonNode report = MAPPER.readTree(element(ok.body(), "reportJson").replace("&quot;", "\""));
        assertEquals("acme, inc", report.path("subjectName").asText());
        HttpResponse<String> bad = server.send(
                "POST",
                "/soap/reports",
                "viewer",
                "text/xml; charset=UTF-8",
                envelope("<s:getUsageReport><s:tenant>acme</s:tenant><s:from>soon</s:from></s:getUsageReport>"));
        assertEquals(bad.body(), 500, bad.statusCode());
        assertEquals("INVALID_INPUT", element(bad.body(), "code"));
    }

    @Test
    public void theLayerAwayIs503() throws Exception {
        server.datacenterLayerRunning = false;
        try {
            TestServer.problem(get("?tenant=acme", null), 503, "UNAVAILABLE");
        } finally {
            server.datacenterLayerRunning = true;
        }
    }
}

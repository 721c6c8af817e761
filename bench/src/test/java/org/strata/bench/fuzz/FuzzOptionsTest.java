package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.util.List;
import org.junit.Test;

public class FuzzOptionsTest {

    @Test
    public void theLoopbackIsAccepted() throws Exception {
        for (String url : List.of(
                "http://127.0.0.1:18181/api/v1",
                "https://127.0.0.1:18443/api/v1",
                "http://localhost:1/api/v1",
                "HTTP://LOCALHOST:1/api/v1")) {
            assertEquals(URI.create(url), FuzzOptions.loopbackOnly(URI.create(url)));
        }
    }

    @Test
    public void anyOtherTargetIsRefused() {
        for (String url : List.of(
                "http://10.0.0.1:8181/api/v1",
                "http://192.168.1.2/api/v1",
                "https://strata.example.com/api/v1",
                "http://127.0.0.2:8181/api/v1",
                "http://[::1]:8181/api/v1",
                "ftp://127.0.0.1/x",
                "http://admin:pw@127.0.0.1:1/api/v1",
                "http://127.0.0.1.nip.io/api/v1",
                "http://localhost.example.com/api/v1",
                "/api/v1",
                "http://127.0.0.1:1/api/v1?x=1")) {
            try {
                FuzzOptions.loopbackOnly(URI.create(url));
                fail("accepted " + url);
            } catch (FuzzOptions.Refused expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void optionsAreReadAndDefaultsAreBounded() throws Exception {
        FuzzOptions o = FuzzOptions.parse(
                List.of(
                        "--seed",
                        "7",
                        "--requests",
                        "50",
                        "--seconds",
                        "30",
                        "--report-only",
                        "--allow-documented-5xx",
                        "--out",
                        "/tmp/x"),
                "pw");
        assertEquals(7, o.seed());
        assertEquals(50, o.requests());
        assertEquals(30, o.time().toSeconds());
        assertTrue(o.reportOnly());
        assertFalse(o.strict5xx());
        assertEquals("pw", o.password());
        FuzzOptions d = FuzzOptions.parse(List.of(), "pw");
        assertEquals(3000, d.requests());
        assertEquals(600, d.time().toSeconds());
        assertTrue(d.strict5xx());
    }

    @Test
    public void aRunWithoutPasswordOrWithABadValueIsRefused() {
        for (List<String> args : List.<List<String>>of(
                List.of(),
                List.of("--password", "p", "--requests", "0"),
                List.of("--password", "p", "--seed"),
                List.of("--password", "p", "--bogus"),
                List.of("--password", "p", "--base-url", "http://10.1.1.1/api/v1"))) {
            try {
                FuzzOptions.parse(args, null);
                fail("accepted " + args);
            } catch (FuzzOptions.Refused expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void aRefusedRunExitsWith2BeforeSendingAnything() throws Exception {
        assertEquals(FuzzMain.REFUSED, FuzzMain.run(List.of("--base-url", "http://10.0.0.1/api/v1"), "pw"));
    }
}

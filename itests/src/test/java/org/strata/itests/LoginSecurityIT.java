package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Logins to the real distribution over REST, SOAP and the SSH console (issue 14, findings 3 and 4): each is audited
 * in the security log and as an event, with user, channel and address; failed logins lock the address and the
 * user out for a while, on every channel; passwords are kept as bcrypt hashes.
 */
public class LoginSecurityIT {

    private static final String PASSWORD = "login-test";
    private static final String CAROL_PASSWORD = "carol-pass";
    private static Distribution strata;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeClass
    public static void start() throws Exception {
        strata = Distribution.unpack(Path.of("target"), PASSWORD)
                .user("carol", CAROL_PASSWORD, "viewer,ssh")
                .user("dave", "dave-pass", "viewer");
        strata.start();
    }

    @AfterClass
    public static void remove() throws Exception {
        if (strata != null) {
            strata.close();
        }
    }

    private static String securityLog() throws Exception {
        return Files.readString(strata.home().resolve("data/log/security.log"));
    }

    private static HttpResponse<String> soap(String user, String password) throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:s=\"urn:strata:ws:v1\"><soap:Body><s:listDrivers/></soap:Body></soap:Envelope>";
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:8443/soap/drivers"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(envelope))
                .build();
        return strata.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int rest(String user, String password) throws Exception {
        return strata.send("GET", "/api/v1/drivers", null, user + ":" + password)
                .statusCode();
    }

    @Test
    public void everyLoginIsAuditedWithItsChannelAndAddressAndTheThrottleHoldsOnEveryChannel() throws Exception {
        assertEquals(200, rest("carol", CAROL_PASSWORD));
        assertEquals(401, rest("carol", "wrong-1"));
        assertEquals(401, soap("carol", "wrong-2").statusCode());
        var ssh = strata.client("carol", "wrong-3", "shell:echo hi");
        assertTrue(ssh.output(), !ssh.output().contains("hi\n"));

        String log = securityLog();
        assertTrue(log, log.contains("LOGIN SUCCEEDED user=\"carol\" channel=rest address=127.0.0.1"));
        assertTrue(log, log.contains("LOGIN FAILED user=\"carol\" channel=rest address=127.0.0.1"));
        assertTrue(log, log.contains("LOGIN FAILED user=\"carol\" channel=soap address=127.0.0.1"));
        assertTrue(log, log.contains("LOGIN FAILED user=\"carol\" channel=ssh address=127.0.0.1"));
        awaitEvents("carol", 4);

        // Five failures are free (the SSH client may try a password more than once), the sixth starts a lockout of
        // this address: then even a right password waits, on any channel. (Carol's own right password was just
        // accepted, and the web services remember that for a few seconds: a user already working is not stopped.)
        int status = 401;
        for (int i = 4; i < 12 && status == 401; i++) {
            status = rest("carol", "wrong-" + i);
        }
        assertEquals("locked out within 12 failures", 429, status);
        HttpResponse<String> locked = strata.send("GET", "/api/v1/drivers", null, "dave:dave-pass");
        assertEquals(locked.body(), 429, locked.statusCode());
        assertEquals("THROTTLED", json.readTree(locked.body()).path("code").asText());
        long retryAfter =
                Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1);
        HttpResponse<String> soapLocked = soap("dave", "dave-pass");
        assertEquals(429, soapLocked.statusCode());
        assertTrue(soapLocked.headers().firstValue("Retry-After").isPresent());
        assertTrue(securityLog().contains("LOGIN REFUSED user=\"dave\" channel=soap address=127.0.0.1"));

        // The lockout ends by itself; refusals were not counted as failures.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (rest("dave", "dave-pass") != 200) {
            assertTrue("the lockout ended within 30 s", System.nanoTime() < deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos()); // poll interval
        }
    }

    private void awaitEvents(String user, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode items = json.readTree(strata.send("GET", "/api/v1/events?subject=" + user + "&limit=100", null)
                            .body())
                    .path("items");
            int logins = 0;
            for (JsonNode e : items) {
                if (e.path("type").asText().startsWith("LOGIN_")) {
                    logins++;
                    assertTrue(e.toString(), e.path("message").asText().contains("from 127.0.0.1"));
                }
            }
            if (logins >= atLeast) {
                return;
            }
            assertTrue("login events of " + user + ": " + items, System.nanoTime() < deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // Event Admin delivers asynchronously
        }
    }

    @Test
    public void passwordsAreKeptAsBcryptHashes() throws Exception {
        assertEquals(200, rest(Distribution.ADMIN, PASSWORD));
        String users = Files.readString(strata.home().resolve("etc/users.properties"));
        String admin =
                users.lines().filter(l -> l.startsWith("admin =")).findFirst().orElseThrow();
        assertTrue(admin, admin.startsWith("admin = {CRYPT}"));
        String hex = admin.substring("admin = {CRYPT}".length(), admin.indexOf("{CRYPT}", 15));
        String hash = new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
        assertTrue(hash, hash.startsWith("$2a$10$"));
        assertTrue(!users.contains(PASSWORD));
    }
}

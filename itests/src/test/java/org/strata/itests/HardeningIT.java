package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The real distribution as an outsider and a local user would try it (issue 14, findings 5 to 9): files owner-only,
 * HTTPS only, the console on loopback with OS commands for admins, no client Host header in answers, and the web
 * server's own errors as problem+json with nothing in the log to flood it. One distribution for all the checks.
 */
public class HardeningIT {

    private static final String PASSWORD = "hardening-test";
    private static Distribution strata;

    @BeforeClass
    public static void start() throws Exception {
        strata = Distribution.unpack(Path.of("target"), PASSWORD).user("ops", "ops-pass", "manager,ssh");
        strata.start();
    }

    @AfterClass
    public static void remove() throws Exception {
        if (strata != null) {
            strata.close();
        }
    }

    @Test
    public void theInstallationsFilesAreItsOwnersAlone() throws Exception {
        List<String> open = new ArrayList<>();
        for (String dir : new String[] {"etc", "data"}) {
            try (Stream<Path> files = Files.walk(strata.home().resolve(dir))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                    boolean others = p.contains(PosixFilePermission.GROUP_READ)
                            || p.contains(PosixFilePermission.OTHERS_READ)
                            || p.contains(PosixFilePermission.GROUP_WRITE)
                            || p.contains(PosixFilePermission.OTHERS_WRITE);
                    if (others && !f.getFileName().toString().equals("strata-tls.crt")) {
                        open.add(strata.home().relativize(f) + " " + p);
                    }
                }
            }
        }
        assertEquals("readable or writable by others: " + open, List.of(), open);
        for (String secret : new String[] {
            "etc/strata-repository.password",
            "etc/strata-tls.p12",
            "data/port",
            "data/strata/repository.mv.db",
            "data/log/karaf.log"
        }) {
            assertTrue(secret, Files.exists(strata.home().resolve(secret)));
        }
    }

    @Test
    public void onlyHttpsListensAndTheConsoleOnLoopbackOnly() throws Exception {
        List<String> listeners = listeners();
        assertTrue(listeners.toString(), listeners.stream().anyMatch(l -> l.endsWith(":8443")));
        assertFalse("no plain HTTP: " + listeners, listeners.stream().anyMatch(l -> l.endsWith(":8181")));
        List<String> ssh = listeners.stream().filter(l -> l.endsWith(":8101")).toList();
        assertFalse(ssh.isEmpty());
        assertTrue(
                "the console listens on loopback only: " + ssh,
                ssh.stream()
                        .allMatch(l -> l.equals("0100007F:8101") || l.equals("0000000000000000FFFF00000100007F:8101")));
    }

    /** Listening TCP sockets as "HEXADDRESS:PORT", from /proc/net/tcp and tcp6. */
    private static List<String> listeners() throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table))
                    .subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) { // LISTEN
                    String[] local = f[1].split(":");
                    out.add(local[0] + ":" + Integer.parseInt(local[1], 16));
                }
            }
        }
        return out;
    }

    @Test
    public void osCommandsInTheConsoleAreTheAdminsAlone() throws Exception {
        var manager = strata.client("ops", "ops-pass", "shell:exec id");
        // Karaf hides a command the user's roles may not run: to a manager it does not exist.
        assertTrue(
                manager.output(),
                manager.output().contains("Command not found")
                        || manager.output().contains("Insufficient credentials"));
        assertFalse(manager.output(), manager.output().contains("uid="));
        var admin = strata.client(Distribution.ADMIN, PASSWORD, "shell:exec echo from-the-shell");
        assertTrue(admin.output(), admin.output().contains("from-the-shell"));
    }

    @Test
    public void aClientsHostHeaderIsNeverCopiedIntoAnAnswerNorBreaksIt() throws Exception {
        String auth = "Authorization: Basic "
                + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n";
        long exceptionsBefore = logLinesWith("Exception");
        for (String host : new String[] {"exa mple.com", "a:b:c", "x%y", "evil.example.com"}) {
            String r =
                    raw("GET /api/v1/drivers HTTP/1.1\r\nHost: " + host + "\r\n" + auth + "Connection: close\r\n\r\n");
            assertTrue(host + ": " + r, r.startsWith("HTTP/1.1 200"));
        }
        String body = "{\"name\":\"host-check\"}";
        String created = raw("POST /api/v1/datacenters HTTP/1.1\r\nHost: evil.example.com\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);
        assertTrue(created, created.startsWith("HTTP/1.1 201"));
        assertTrue(created, created.contains("Location: https://127.0.0.1:8443/api/v1/datacenters/"));
        String wsdl =
                raw("GET /soap/vms?wsdl HTTP/1.1\r\nHost: evil.example.com\r\n" + auth + "Connection: close\r\n\r\n");
        assertTrue(wsdl, wsdl.contains("location=\"https://127.0.0.1:8443/soap/vms\""));
        assertFalse(wsdl, wsdl.contains("evil"));
        assertEquals("no stack trace logged for any of them", exceptionsBefore, logLinesWith("Exception"));
    }

    @Test
    public void theWebServersOwnRefusalsAreProblems() throws Exception {
        String[][] cases = {
            {"GET /api/v1/hosts/..;/drivers HTTP/1.1", "400"},
            {"GET /api/v1/hosts/" + "a".repeat(10_000) + " HTTP/1.1", "414"},
            {"TRACE /api/v1/drivers HTTP/1.1", "405"},
            {"GET /api/v1/tasks/;jsessionid=x HTTP/1.1", "400"},
            {"GET / HTTP/1.1", "404"},
            {"GET /nothing/here HTTP/1.1", "404"},
        };
        for (String[] c : cases) {
            String r = raw(c[0] + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            String what = c[0].substring(0, Math.min(60, c[0].length()));
            assertTrue(what + ": " + head(r), r.startsWith("HTTP/1.1 " + c[1]));
            assertTrue(what + ": " + head(r), r.contains("Content-Type: application/problem+json"));
            assertFalse(what + ": " + head(r), r.contains("<html") || r.contains("Exception"));
        }
        String trace = raw("TRACE /api/v1/drivers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(trace, trace.contains("Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS"));
    }

    private static String head(String response) {
        return response.substring(0, Math.min(400, response.length()));
    }

    private static long logLinesWith(String text) throws Exception {
        try (Stream<String> lines = Files.lines(strata.home().resolve("data/log/karaf.log"))) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    /** One request as written, over TLS to 127.0.0.1:8443: what a client library would not let a test send. */
    private static String raw(String request) throws Exception {
        var factory =
                TestTls.trusting(strata.home().resolve("etc/strata-tls.crt")).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", 8443)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }
}

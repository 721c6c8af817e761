package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Users from a real LDAP directory (OpenLDAP's slapd, started by tools/test-env/ldap.sh; issue 17): the real
 * distribution, configured as an operator would (etc/org.strata.security.ldap.cfg as shipped, with the directory's
 * address, base and bind account, and the bind password in an owner-only file), logs the directory's users in over
 * REST and the SSH console with the roles their groups map to, refuses wrong passwords and unknown users, and lets
 * its local administrator in when the directory is gone.
 *
 * <p>Outside Pax Exam, like {@link LoginSecurityIT}: bin/strata-init runs, and the console is reached with bin/client
 * over real SSH. Left out of the build without STRATA_TEST_LDAP_URL (./strata test provides it).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LdapLoginIT {

    private static final String PASSWORD = "ldap-test";
    private static final String CFG = "org.strata.security.ldap.cfg";
    private static Distribution strata;

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError(name + " is not set; tools/test-env/ldap.sh start prints it");
        }
        return value;
    }

    private static String password(String user) {
        return env("STRATA_TEST_LDAP_PASSWORD_" + user.toUpperCase(java.util.Locale.ROOT));
    }

    @BeforeClass
    public static void start() throws Exception {
        Assume.assumeTrue(
                "no test directory: run tools/test-env/ldap.sh start (./strata test does) and export what it prints",
                System.getenv("STRATA_TEST_LDAP_URL") != null);
        String base = env("STRATA_TEST_LDAP_BASE_DN");
        strata = Distribution.unpack(Path.of("target"), PASSWORD).user("local-viewer", "local-pass", "viewer");
        Path secret = strata.home().resolve("etc/strata-ldap.password");
        Files.writeString(secret, env("STRATA_TEST_LDAP_BIND_PASSWORD") + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        strata.configure(CFG, "enabled", "true")
                .configure(CFG, "connection.url", env("STRATA_TEST_LDAP_URL"))
                .configure(CFG, "connection.username", env("STRATA_TEST_LDAP_BIND_DN"))
                .configure(CFG, "user.base.dn", "ou=people," + base)
                .configure(CFG, "role.base.dn", "ou=groups," + base)
                // This test only: the tenant groups may use the console too, so that jaas:whoami shows their roles.
                .configure(
                        CFG,
                        "role.mapping",
                        "strata-admins=admin,ssh;strata-operators=operator,ssh;strata-viewers=viewer;"
                                + "strata-tenant-admins=tenant-admin,ssh;strata-tenant-users=tenant-user,ssh")
                // The refusals below all come from 127.0.0.1; the throttle has its own test (LoginSecurityIT).
                .configure("org.strata.security.cfg", "throttle.free.failures", "1000");
        strata.start();
    }

    @AfterClass
    public static void remove() throws Exception {
        if (strata != null) {
            strata.close();
        }
    }

    private static int rest(String method, String path, String body, String user, String password) throws Exception {
        return strata.send(method, path, body, user + ":" + password).statusCode();
    }

    private static int read(String user, String password) throws Exception {
        return rest("GET", "/api/v1/datacenters", null, user, password);
    }

    private static int write(String user, String password, String datacenter) throws Exception {
        return rest("POST", "/api/v1/datacenters", "{\"name\":\"" + datacenter + "\"}", user, password);
    }

    @Test
    public void directoryUsersGetTheRolesOfTheirGroupsOverRest() throws Exception {
        assertEquals(200, read("vera", password("vera")));
        // vera is also in another application's group named "admin": the role filter keeps it out.
        assertEquals(403, write("vera", password("vera"), "by-vera"));
        assertEquals(201, write("oscar", password("oscar"), "by-oscar"));
        assertEquals(201, write("adam", password("adam"), "by-adam"));
        // Tenant users read their tenant's objects; datacenters are infrastructure, a platform role's (403).
        assertEquals(200, rest("GET", "/api/v1/vms", null, "alice", password("alice")));
        assertEquals(200, rest("GET", "/api/v1/vms", null, "bob", password("bob")));
        assertEquals(403, read("bob", password("bob")));
        assertEquals(403, write("bob", password("bob"), "by-bob"));

        assertEquals(401, read("oscar", "not-" + password("oscar")));
        assertEquals(401, read("mallory", "whatever"));
        // An empty password would be an unauthenticated bind, which LDAP servers accept: never a login.
        assertEquals(401, read("oscar", ""));
        // Local users are there as before.
        assertEquals(201, write(Distribution.ADMIN, PASSWORD, "by-admin"));
        assertEquals(200, read("local-viewer", "local-pass"));
    }

    @Test
    public void directoryUsersUseTheConsoleWithTheirRoles() throws Exception {
        // One SSH session per user (each costs seconds): commands one a line, as bin/client -b reads them.
        var oscar = strata.client(
                "oscar",
                password("oscar"),
                "strata:datacenter-add ldap-console\nstrata:datacenter-list\njaas:whoami -r");
        assertEquals(oscar.output(), 0, oscar.exitStatus());
        assertTrue(oscar.output(), oscar.output().contains("ldap-console"));
        assertEquals(Set.of("operator", "ssh"), roles(oscar));
        assertEquals(
                Set.of("tenant-admin", "tenant:acme", "ssh"),
                roles(strata.client("alice", password("alice"), "jaas:whoami -r")));
        assertEquals(
                Set.of("tenant-user", "tenant:globex", "ssh"),
                roles(strata.client("carol", password("carol"), "jaas:whoami -r")));

        // vera's groups give no ssh: the console refuses her.
        var vera = strata.client("vera", password("vera"), "strata:datacenter-list");
        assertTrue(vera.output(), vera.exitStatus() != 0);
        assertFalse(vera.output(), vera.output().contains("Demo datacenter"));
    }

    /**
     * Tenant scoping end to end (issue 17): bob (tenant user of acme) creates VMs in acme's pool without naming a host
     * and placement spreads them over the cluster's two demo hosts; he lists only acme's VMs over REST and in the
     * console; dave (tenant user of globex) gets 404 on them and on acme's pool, over REST and SOAP; infrastructure
     * is 403 for both. What the test makes goes again, bob and dave deleting their own VMs. (dave, not carol: the
     * last test needs a directory user whose login the web services have not cached.)
     */
    @Test
    public void tenantUsersSeeAndChangeOnlyTheirTenantsObjects() throws Exception {
        String bob = password("bob");
        String dave = password("dave");
        String dc = id(admin("POST", "/api/v1/datacenters", "{\"name\":\"dc-tenants\"}", 201));
        List<String> hosts = new java.util.ArrayList<>();
        for (String name : List.of("tn-a", "tn-b")) {
            String host = id(admin(
                    "POST",
                    "/api/v1/hosts",
                    "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"demo\","
                            + "\"address\":\"demo://" + name + "\"}",
                    201));
            hosts.add(host);
            await(name + " is available and reported its facts", () -> {
                JsonNode h = json(admin("GET", "/api/v1/hosts/" + host, null, 200));
                return "AVAILABLE".equals(h.path("state").asText())
                        && h.path("info").path("cpus").asInt() > 0;
            });
        }
        String cluster =
                id(admin("POST", "/api/v1/clusters", "{\"datacenterId\":\"" + dc + "\",\"name\":\"tenants\"}", 201));
        for (String host : hosts) {
            admin("POST", "/api/v1/clusters/" + cluster + "/hosts", "{\"hostId\":\"" + host + "\"}", 201);
        }
        String acme = id(admin("POST", "/api/v1/tenants", "{\"name\":\"acme\"}", 201));
        String globex = id(admin("POST", "/api/v1/tenants", "{\"name\":\"globex\"}", 201));
        String acmePool = pool(dc, cluster, acme, "acme-pool");
        String globexPool = pool(dc, cluster, globex, "globex-pool");

        // bob creates two VMs naming a pool only: placement puts one on each host.
        List<String> bobs = new java.util.ArrayList<>();
        Set<String> placedOn = new TreeSet<>();
        for (int i = 1; i <= 2; i++) {
            String vm = created("bob", bob, acmePool, "bob-web" + i);
            bobs.add(vm);
            JsonNode record = json(as("bob", bob, "GET", "/api/v1/vms/" + vm, null, 200));
            assertEquals(acmePool, record.path("poolId").asText());
            placedOn.add(record.path("hostId").asText());
        }
        assertEquals("placement spread bob's VMs over the two hosts", new TreeSet<>(hosts), placedOn);
        String daves = created("dave", dave, globexPool, "dave-db");
        // Naming a host is the platform's choice, not a tenant user's.
        HttpResponse<String> named = strata.send(
                "POST",
                "/api/v1/vms",
                "{\"hostId\":\"" + hosts.get(0) + "\",\"poolId\":\"" + acmePool
                        + "\",\"spec\":{\"name\":\"x\",\"cpus\":1,\"memoryMb\":256}}",
                "bob:" + bob);
        assertEquals(named.body(), 400, named.statusCode());

        // Each lists its own tenant's VMs only.
        JsonNode bobList = json(as("bob", bob, "GET", "/api/v1/vms", null, 200));
        assertEquals(bobList.toString(), 2, bobList.path("total").asInt());
        Set<String> listed = new TreeSet<>();
        bobList.path("items").forEach(v -> listed.add(v.path("id").asText()));
        assertEquals(new TreeSet<>(bobs), listed);
        JsonNode daveList = json(as("dave", dave, "GET", "/api/v1/vms", null, 200));
        assertEquals(daveList.toString(), 1, daveList.path("total").asInt());
        assertEquals(daves, daveList.path("items").get(0).path("id").asText());

        // Another tenant's VM and pool do not exist for dave, whatever he asks; infrastructure is 403.
        String acmeVm = bobs.get(0);
        as("dave", dave, "GET", "/api/v1/vms/" + acmeVm, null, 404);
        as("dave", dave, "POST", "/api/v1/vms/" + acmeVm + "/actions/start", "", 404);
        as("dave", dave, "DELETE", "/api/v1/vms/" + acmeVm, null, 404);
        as("dave", dave, "GET", "/api/v1/pools/" + acmePool, null, 404);
        as("bob", bob, "GET", "/api/v1/pools/" + globexPool, null, 404);
        assertTrue(as("bob", bob, "GET", "/api/v1/hosts", null, 403).contains("platform role"));
        as("dave", dave, "GET", "/api/v1/clusters", null, 403);
        // The same over SOAP.
        HttpResponse<String> soap =
                soapCall("dave", dave, "/soap/vms", "<s:getVm><s:id>" + acmeVm + "</s:id></s:getVm>");
        assertTrue(soap.body(), soap.body().contains("NOT_FOUND"));
        assertTrue(soapCall("bob", bob, "/soap/vms", "<s:listVms/>").body().contains("<total>2</total>"));
        // The SOAP datacenter service: its own tenant only, another tenant's pool NOT_FOUND, clusters FORBIDDEN.
        String tenants =
                soapCall("bob", bob, "/soap/datacenter", "<s:listTenants/>").body();
        assertTrue(tenants, tenants.contains("<name>acme</name>") && !tenants.contains("globex"));
        String otherPool = soapCall(
                        "dave",
                        dave,
                        "/soap/datacenter",
                        "<s:poolUsage><s:poolId>" + acmePool + "</s:poolId></s:poolUsage>")
                .body();
        assertTrue(otherPool, otherPool.contains("NOT_FOUND"));
        String clusters =
                soapCall("bob", bob, "/soap/datacenter", "<s:listClusters/>").body();
        assertTrue(clusters, clusters.contains("FORBIDDEN") && clusters.contains("platform role"));
        // And in the console.
        var console = strata.client("bob", bob, "strata:vm-list");
        assertEquals(console.output(), 0, console.exitStatus());
        assertTrue(
                console.output(),
                console.output().contains("bob-web1") && console.output().contains("bob-web2"));
        assertFalse(console.output(), console.output().contains("dave-db"));
        var refused = strata.client("dave", dave, "strata:host-list");
        assertTrue(refused.output(), refused.output().contains("platform role"));

        // A tenant user deletes its own VMs; the platform removes the rest.
        for (String vm : bobs) {
            assertEquals(
                    "SUCCEEDED",
                    json(as("bob", bob, "DELETE", "/api/v1/vms/" + vm + "?wait=30", null, 200))
                            .path("state")
                            .asText());
        }
        as("dave", dave, "DELETE", "/api/v1/vms/" + daves + "?wait=30", null, 200);
        admin("DELETE", "/api/v1/pools/" + acmePool, null, 204);
        admin("DELETE", "/api/v1/pools/" + globexPool, null, 204);
        admin("DELETE", "/api/v1/tenants/" + acme, null, 204);
        admin("DELETE", "/api/v1/tenants/" + globex, null, 204);
        for (String host : hosts) {
            admin("DELETE", "/api/v1/clusters/" + cluster + "/hosts/" + host, null, 204);
        }
        admin("DELETE", "/api/v1/clusters/" + cluster, null, 204);
        for (String host : hosts) {
            admin("DELETE", "/api/v1/hosts/" + host, null, 204);
        }
        admin("DELETE", "/api/v1/datacenters/" + dc, null, 204);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static JsonNode json(String body) throws Exception {
        return MAPPER.readTree(body);
    }

    private static String id(String body) throws Exception {
        return json(body).path("id").asText();
    }

    /** A request as this user, asserting its status; returns the body. */
    private static String as(String user, String password, String method, String path, String body, int status)
            throws Exception {
        HttpResponse<String> response = strata.send(method, path, body, user + ":" + password);
        assertEquals(method + " " + path + " as " + user + ": " + response.body(), status, response.statusCode());
        return response.body();
    }

    private static String admin(String method, String path, String body, int status) throws Exception {
        return as(Distribution.ADMIN, PASSWORD, method, path, body, status);
    }

    private static String pool(String dc, String cluster, String tenant, String name) throws Exception {
        return id(admin(
                "POST",
                "/api/v1/pools",
                "{\"datacenterId\":\"" + dc + "\",\"name\":\"" + name + "\",\"clusterId\":\"" + cluster
                        + "\",\"tenantId\":\"" + tenant + "\"}",
                201));
    }

    /** A VM this user creates in the pool without naming a host; its id, once the task succeeded. */
    private static String created(String user, String password, String pool, String name) throws Exception {
        JsonNode task = json(as(
                user,
                password,
                "POST",
                "/api/v1/vms?wait=30",
                "{\"poolId\":\"" + pool + "\",\"spec\":{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMb\":256}}",
                200));
        assertEquals(task.toString(), "SUCCEEDED", task.path("state").asText());
        return task.path("result").asText();
    }

    private static HttpResponse<String> soapCall(String user, String password, String path, String body)
            throws Exception {
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:s=\"urn:strata:ws:v1\"><soap:Body>" + body + "</soap:Body></soap:Envelope>";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://127.0.0.1:8443" + path))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(envelope))
                .build();
        return strata.client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval
        }
    }

    /** The role names jaas:whoami -r prints: a table headed "Name", a rule, then one role a line. */
    private static Set<String> roles(StrataTestSupport.ProgramResult whoami) {
        assertEquals(whoami.output(), 0, whoami.exitStatus());
        List<String> lines = whoami.output().lines().map(String::strip).toList();
        int header = lines.lastIndexOf("Name");
        assertTrue(whoami.output(), header >= 0 && header + 1 < lines.size());
        Set<String> roles = new TreeSet<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (line.isEmpty() || line.contains(" ")) {
                break;
            }
            roles.add(line);
        }
        return roles;
    }

    /** Karaf's cache is off: a change of groups in the directory counts at the user's next login. */
    @Test
    public void groupChangesCountAtTheNextLogin() throws Exception {
        String group = "cn=strata-admins,ou=groups," + env("STRATA_TEST_LDAP_BASE_DN");
        String oscar = "uid=oscar,ou=people," + env("STRATA_TEST_LDAP_BASE_DN");
        ldapModify("dn: " + group + "\nchangetype: modify\nadd: member\nmember: " + oscar + "\n");
        try {
            assertEquals(
                    Set.of("admin", "operator", "ssh"),
                    roles(strata.client("oscar", password("oscar"), "jaas:whoami -r")));
        } finally {
            ldapModify("dn: " + group + "\nchangetype: modify\ndelete: member\nmember: " + oscar + "\n");
        }
    }

    private static void ldapModify(String ldif) throws Exception {
        Path file = strata.home().resolve("change.ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        StrataTestSupport.ProgramResult result = StrataTestSupport.execute(
                List.of(
                        "ldapmodify",
                        "-x",
                        "-H",
                        env("STRATA_TEST_LDAP_URL"),
                        "-D",
                        env("STRATA_TEST_LDAP_ADMIN_DN"),
                        "-w",
                        env("STRATA_TEST_LDAP_ADMIN_PASSWORD"),
                        "-f",
                        file.toString()),
                java.util.Map.of());
        assertEquals(result.output(), 0, result.exitStatus());
    }

    /**
     * Runs last (by name): it points the realm at a directory that hangs, the worse way of being down. The stand-in
     * is a socket of the test's that the kernel accepts connections on but nobody reads: the bind gets no answer.
     */
    @Test
    public void zLocalUsersLogInWhenTheDirectoryHangs() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "ldap://127.0.0.1:" + silent.getLocalPort();
            strata.configure(CFG, "connection.url", url);
            // File Install reads etc/ every second; the realm says when it has the new address.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Path log = strata.home().resolve("data/log/karaf.log");
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("url=" + url + ",")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the realm did not take the new address within 30 s:\n"
                            + strata.tail("data/log/karaf.log", 20));
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval while File Install reads it
            }
            // The local admin is checked first and never reaches the directory.
            assertEquals(200, read(Distribution.ADMIN, PASSWORD));
            var console = strata.client(Distribution.ADMIN, PASSWORD, "strata:datacenter-list");
            assertTrue(console.output(), console.output().contains("Demo datacenter"));
            // carol has not logged in over REST before (nothing cached by the web services): the directory decides,
            // and fails her once its read timeout (5 s as shipped) passes.
            long started = System.nanoTime();
            assertEquals(401, read("carol", password("carol")));
            System.out.printf(
                    "a directory login against a hanging directory was refused after %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }
}

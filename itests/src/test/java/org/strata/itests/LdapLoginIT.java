package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
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
        assertEquals(200, read("alice", password("alice")));
        assertEquals(200, read("bob", password("bob")));
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

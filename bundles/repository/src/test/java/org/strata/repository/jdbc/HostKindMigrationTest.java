package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.inventory.HostKind;

/**
 * V7 (host kinds) on a repository written by the version before it, on H2 and, when {@code strata.test.pg.url}
 * is set, on PostgreSQL (a schema of its own, dropped afterwards): existing hosts get their kind by the documented
 * rule, and a host whose kind the migration cannot tell keeps none until its driver runs.
 */
public class HostKindMigrationTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private String pgSchema;

    @Test
    public void existingHostsGetTheirKindByTheRuleOnH2() throws Exception {
        String path = temp.newFolder("h2")
                .toPath()
                .resolve("repository")
                .toAbsolutePath()
                .toString();
        upgrade(new DatabaseSettings("jdbc:h2:file:" + path + ";WRITE_DELAY=0", "sa", "", 2));
    }

    @Test
    public void existingHostsGetTheirKindByTheRuleOnPostgres() throws Exception {
        String url = System.getProperty("strata.test.pg.url");
        Assume.assumeTrue(
                "PostgreSQL tests skipped: STRATA_TEST_PG_URL not set",
                url != null && !url.isBlank() && !url.startsWith("${"));
        pgSchema = "strata_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(url, "create schema " + pgSchema);
        upgrade(new DatabaseSettings(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema, null, null, 2));
    }

    @After
    public void dropSchema() throws Exception {
        if (pgSchema != null) {
            execute(System.getProperty("strata.test.pg.url"), "drop schema if exists " + pgSchema + " cascade");
        }
    }

    private void upgrade(DatabaseSettings settings) throws Exception {
        DataSource ds = DataSources.vendorDataSource(settings);
        Migrations.migrate(ds, getClass().getClassLoader(), "6");
        String dc = UUID.randomUUID().toString();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement s =
                    c.prepareStatement("insert into datacenter (id, name, created_at) values (?, 'dc', ?)")) {
                s.setString(1, dc);
                s.setObject(2, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                s.executeUpdate();
            }
            for (String[] host : new String[][] {
                {"demo-host", "demo"},
                {"kvm-1", "kvm"},
                {"xen-1", "xen"},
                {"esx-1", "esx"},
                {"dir-1", "libvirt-dir"},
                {"ds-1", "esx-datastore"},
                {"bmc-1", "ipmi"},
                {"vendor-1", "vendor-hv"},
                {"vendor-bmc", "vendor-hw"}
            }) {
                try (PreparedStatement s = c.prepareStatement("insert into host (id, name, datacenter_id, driver_id,"
                        + " address, created_at) values (?, ?, ?, ?, 'x', ?)")) {
                    s.setString(1, host[0]);
                    s.setString(2, host[0]);
                    s.setString(3, dc);
                    s.setString(4, host[1]);
                    s.setObject(5, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                    s.executeUpdate();
                }
            }
            // A machine found through its BMC, its driver a vendor's: the machine row tells.
            try (PreparedStatement s = c.prepareStatement(
                    "insert into machine (host_id, guid, last_seen_at)" + " values ('vendor-bmc', 'guid-1', ?)")) {
                s.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                s.executeUpdate();
            }
        }

        // V7 and every migration shipped after it (the repository was left at V6).
        assertEquals(
                BundledMigrations.MIGRATIONS.size() - 6,
                Migrations.migrate(ds, getClass().getClassLoader()).migrationsExecuted);

        HostDao hosts = new HostDao();
        try (Connection c = ds.getConnection()) {
            assertEquals(HostKind.HYPERVISOR, kind(hosts, c, "demo-host"));
            assertEquals(HostKind.HYPERVISOR, kind(hosts, c, "kvm-1"));
            assertEquals(HostKind.HYPERVISOR, kind(hosts, c, "xen-1"));
            assertEquals(HostKind.HYPERVISOR, kind(hosts, c, "esx-1"));
            assertEquals(HostKind.STORAGE, kind(hosts, c, "dir-1"));
            assertEquals(HostKind.STORAGE, kind(hosts, c, "ds-1"));
            assertEquals(HostKind.MACHINE, kind(hosts, c, "bmc-1"));
            assertEquals(HostKind.MACHINE, kind(hosts, c, "vendor-bmc"));
            assertNull("a vendor's driver id: unknown until the driver runs", kind(hosts, c, "vendor-1"));
            // The column refuses what is not a kind.
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update host set kind = 'TOASTER' where id = 'vendor-1'");
                throw new AssertionError("a kind outside HYPERVISOR, STORAGE, MACHINE was stored");
            } catch (java.sql.SQLException expected) {
                // the check constraint
            }
        }
    }

    private static HostKind kind(HostDao hosts, Connection c, String id) throws Exception {
        return hosts.find(c, id).orElseThrow().kind();
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DataSources.vendorDataSource(new DatabaseSettings(url, null, null, 1))
                        .getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

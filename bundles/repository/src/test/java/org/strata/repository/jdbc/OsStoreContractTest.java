package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsAccount;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;
import org.strata.repository.OsStore;

/**
 * What {@link JdbcOsStore} must do on every database; subclasses provide the database. That the token is kept
 * encrypted is witnessed over a connection of the test's own, not through the store.
 */
public abstract class OsStoreContractTest {

    private static final String TOKEN = "tok-0123456789abcdef0123456789abcdef";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private DatabaseSettings settings;
    private JdbcConfigRepository repo;
    private OsStore store;
    private String storageHost;

    protected abstract DatabaseSettings freshDatabase() throws Exception;

    protected abstract void dropDatabase() throws Exception;

    @Before
    public void open() throws Exception {
        settings = freshDatabase();
        repo = new JdbcConfigRepository(settings, temp.getRoot().toPath().resolve("key"));
        store = repo.osStore();
        Datacenter dc = repo.createDatacenter(new DatacenterSpec("paris", null), "alice");
        storageHost = repo.createHost(
                        new HostSpec(
                                "san", dc.id(), null, "iscsi", "iscsi://127.0.0.1", null, null, null, HostKind.STORAGE),
                        "alice")
                .id();
    }

    @After
    public void close() throws Exception {
        if (repo != null) {
            repo.close();
        }
        dropDatabase();
    }

    private OsImage golden() {
        return store.createImage(
                new OsImageSpec("debian-12", "debian-12-server", storageHost, "iqn.pool", "golden", null, null, null),
                "alice");
    }

    private static ProvisionRequest request(String vm) {
        return new ProvisionRequest(
                "vm",
                vm,
                "debian-12-server",
                ProvisioningMethod.IMAGE_DEPLOY,
                "img",
                null,
                "web-1",
                "example.test",
                List.of(new OsAccount("ops", null, List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey ops@x"))),
                List.of("curl"),
                null,
                Map.of("k", "v"),
                null);
    }

    private OsStore.NewProvisioning newProvisioning(String vm, String mac, String token, String imageId) {
        return new OsStore.NewProvisioning(
                "vm",
                vm,
                "debian-12-server",
                "os-debian",
                ProvisioningMethod.IMAGE_DEPLOY,
                imageId,
                null,
                mac,
                token,
                request(vm));
    }

    @Test
    public void imagesAreRegisteredNamedOnceListedAndRemovedWithTheirHistory() {
        OsImage image = golden();
        assertEquals(image, store.image(image.id()).orElseThrow());
        assertEquals(List.of(image), store.images());
        StrataException taken = assertThrows(StrataException.class, this::golden);
        assertEquals(ErrorCode.CONFLICT, taken.code());
        StrataException noHost = assertThrows(
                StrataException.class,
                () -> store.createImage(
                        new OsImageSpec("x", "p", "no-such-host", null, null, null, null, null), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, noHost.code());

        store.deleteImage(image.id(), "bob");
        assertTrue(store.images().isEmpty());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> store.deleteImage(image.id(), "bob"))
                        .code());
        List<HistoryEntry> entries = repo.history(JdbcOsStore.IMAGE, image.id(), new PageRequest(0, 10))
                .items();
        assertEquals(2, entries.size());
        assertEquals(HistoryEntry.Action.DELETE, entries.get(0).action());
        assertEquals("bob", entries.get(0).principal());
    }

    @Test
    public void anImagesNewVersionIsItsNewVolumeWithTheOldOneInItsHistoryButNotWhileAProvisioningUsesIt() {
        OsImage image = golden();
        OsImage next = store.replaceImageVolume(image.id(), "golden-p1", "patcher");
        assertEquals("golden-p1", next.volume());
        assertEquals(next, store.image(image.id()).orElseThrow());
        assertEquals(image.name(), next.name());
        HistoryEntry update = repo.history(JdbcOsStore.IMAGE, image.id(), new PageRequest(0, 10))
                .items()
                .get(0);
        assertEquals(HistoryEntry.Action.UPDATE, update.action());
        assertEquals("patcher", update.principal());
        assertTrue(update.before().contains("\"golden\""));

        store.createProvisioning(newProvisioning("vm-1", "52:54:00:00:00:01", TOKEN, image.id()), "alice");
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(StrataException.class, () -> store.replaceImageVolume(image.id(), "golden-p2", "patcher"))
                        .code());
        assertEquals("golden-p1", store.image(image.id()).orElseThrow().volume());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> store.replaceImageVolume("no-such", "v", "patcher"))
                        .code());
    }

    @Test
    public void installTreesAreRegisteredNamedOnceAndRemoved() {
        InstallTree tree =
                store.createInstallTree(new InstallTreeSpec("d-i", "debian-12-server", "/srv/d-i"), 42, "alice");
        assertEquals(42, store.installTree(tree.id()).orElseThrow().files());
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(
                                StrataException.class,
                                () -> store.createInstallTree(
                                        new InstallTreeSpec("d-i", "debian-12-server", "/srv/x"), 1, "alice"))
                        .code());
        store.deleteInstallTree(tree.id(), "alice");
        assertTrue(store.installTrees().isEmpty());
    }

    @Test
    public void aProvisioningIsFoundByIdTokenAndMacWithItsRequestAndSteps() throws Exception {
        OsImage image = golden();
        Provisioning p =
                store.createProvisioning(newProvisioning("vm-1", "52:54:00:00:00:01", TOKEN, image.id()), "alice");
        assertEquals(ProvisioningState.PREPARING, p.state());
        assertEquals("web-1", p.hostname());
        assertEquals("requested", p.steps().get(0).step());

        OsStore.StoredProvisioning byToken = store.byToken(TOKEN).orElseThrow();
        assertEquals(p.id(), byToken.provisioning().id());
        assertEquals(TOKEN, byToken.token());
        assertEquals(request("vm-1"), byToken.request());
        assertEquals("os-debian", byToken.driverId());
        assertEquals(image.id(), byToken.imageId());
        assertTrue(store.byToken(TOKEN + "x").isEmpty());
        assertTrue(store.byToken("").isEmpty());
        assertEquals(
                p.id(),
                store.openByMac("52:54:00:00:00:01")
                        .orElseThrow()
                        .provisioning()
                        .id());

        try (Connection c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
                ResultSet rs = c.createStatement().executeQuery("select token, token_hash from provisioning")) {
            rs.next();
            assertFalse("the token is not kept in clear", rs.getString(1).contains(TOKEN));
            assertEquals(JdbcOsStore.hash(TOKEN), rs.getString(2));
        }

        store.setTask(p.id(), "task-1");
        assertTrue(store.step(p.id(), ProvisioningState.BOOTING, "booting", "powered on", null));
        assertTrue(store.step(p.id(), null, "callback", "installing", "the installer runs"));
        Provisioning now = store.provisioning(p.id()).orElseThrow();
        assertEquals("task-1", now.taskId());
        assertEquals(ProvisioningState.BOOTING, now.state());
        assertEquals("the installer runs", now.message());
        assertEquals(
                List.of("requested", "booting", "callback"),
                now.steps().stream().map(s -> s.step()).toList());
        assertEquals(
                List.of(p.id()),
                store.open().stream().map(o -> o.provisioning().id()).toList());
        assertEquals(1, store.provisionings(new PageRequest(0, 10)).total());
    }

    @Test
    public void oneOpenProvisioningPerTargetAndPerMacUntilItEnds() {
        OsImage image = golden();
        Provisioning first =
                store.createProvisioning(newProvisioning("vm-1", "52:54:00:00:00:01", TOKEN, image.id()), "alice");
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(
                                StrataException.class,
                                () -> store.createProvisioning(
                                        newProvisioning("vm-1", "52:54:00:00:00:02", "other-token", image.id()),
                                        "alice"))
                        .code());
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(
                                StrataException.class,
                                () -> store.createProvisioning(
                                        newProvisioning("vm-2", "52:54:00:00:00:01", "other-token", image.id()),
                                        "alice"))
                        .code());
        assertEquals(
                "an image in use stays",
                ErrorCode.CONFLICT,
                assertThrows(StrataException.class, () -> store.deleteImage(image.id(), "alice"))
                        .code());

        assertTrue(store.step(first.id(), ProvisioningState.BOOTED, "callback", "booted", "done"));
        Provisioning done = store.provisioning(first.id()).orElseThrow();
        assertEquals(ProvisioningState.BOOTED, done.state());
        assertTrue(done.ended() != null);
        assertFalse(
                "a late callback does not reopen it",
                store.step(first.id(), ProvisioningState.FAILED, "x", null, null));
        assertEquals(
                ProvisioningState.BOOTED,
                store.provisioning(first.id()).orElseThrow().state());
        assertTrue(store.openByMac("52:54:00:00:00:01").isEmpty());
        assertTrue(store.open().isEmpty());
        assertEquals(
                "what the machine boots next",
                first.id(),
                store.lastBootedByMac("52:54:00:00:00:01")
                        .orElseThrow()
                        .provisioning()
                        .id());
        assertTrue(store.lastBootedByMac("52:54:00:00:00:02").isEmpty());

        Provisioning second = store.createProvisioning(
                newProvisioning("vm-1", "52:54:00:00:00:01", "second-token", image.id()), "alice");
        assertEquals(
                "an open one is not booted yet",
                first.id(),
                store.lastBootedByMac("52:54:00:00:00:01")
                        .orElseThrow()
                        .provisioning()
                        .id());
        assertTrue(store.step(second.id(), ProvisioningState.BOOTED, "callback", "booted", "done"));
        assertEquals(
                second.id(),
                store.lastBootedByMac("52:54:00:00:00:01")
                        .orElseThrow()
                        .provisioning()
                        .id());
        store.deleteImage(golden2().id(), "alice");
        assertNull(store.provisioning("no-such").orElse(null));
    }

    private OsImage golden2() {
        return store.createImage(
                new OsImageSpec("spare", "debian-12-server", null, null, null, "/k", "/i", "127.0.0.1:/root"), "alice");
    }
}

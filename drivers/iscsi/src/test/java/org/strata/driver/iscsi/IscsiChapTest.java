package org.strata.driver.iscsi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * CHAP on a real tgtd ({@link TestTgtd}): the witnesses are tgtadm's own view of the accounts and the target, and
 * QEMU's iSCSI initiator (libiscsi, through {@code qemu-img info --image-opts}), which logs in with the right password
 * and is refused with a wrong one or none.
 */
public class IscsiChapTest {

    private static final long MIB = 1024 * 1024;
    private static final String PASSWORD = "chap-Secret-0123";

    @ClassRule
    public static final TestTgtd TGTD = new TestTgtd();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final IscsiStorageDriver driver = TGTD.driver();
    private final String user = "strata-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<StorageSession> sessions = new ArrayList<>();

    @After
    public void removeAccount() {
        sessions.forEach(StorageSession::close);
        // The targets go with TestTgtd; an account outlives them in a shared tgtd, so it is removed here.
        if (TGTD.tgtadm().accounts().contains(user)) {
            TGTD.tgtadm().run("remove test account", "--mode", "account", "--op", "delete", "--user", user);
        }
    }

    @Test
    public void theAccountIsBoundAndOnlyTheRightPasswordLetsQemuIn() throws Exception {
        String pool = TGTD.newPool();
        StorageSession session = open(TGTD.address(pool) + "&chap=" + user, PASSWORD);
        VolumeInfo v = session.createVolume(pool, "chapdisk", 4 * MIB, "raw");

        assertEquals("iscsi://" + user + "@" + TGTD.base().portal() + "/" + pool + "/1", v.path());
        assertFalse("no password in a path", v.path().contains(PASSWORD));
        assertTrue(
                "tgtd has the account: " + TGTD.tgtadm().accounts(),
                TGTD.tgtadm().accounts().contains(user));
        assertEquals(List.of(user), target(pool).accounts());

        assertEquals(0, qemuImgInfo(pool, user, PASSWORD).exit());
        Exec.Result wrong = qemuImgInfo(pool, user, "not-the-Secret-0");
        assertTrue(
                "refused with a wrong password: " + wrong.output(),
                wrong.exit() != 0 && wrong.output().contains("Authentication failure"));
        Exec.Result none = qemuImgInfo(pool, null, null);
        assertTrue(
                "refused without credentials: " + none.output(),
                none.exit() != 0 && none.output().contains("Failed to log in to target"));

        // A second session changes nothing: the account is bound once, the volume keeps its path.
        StorageSession again = open(TGTD.address(pool) + "&chap=" + user, PASSWORD);
        assertEquals(List.of(user), target(pool).accounts());
        assertEquals(v, again.volume(pool, "chapdisk"));

        // tgt-admin's file brings the account back after a tgtd restart; only root reads it.
        Path conf = TGTD.base().dir().resolve(pool + ".conf");
        assertTrue(Files.readString(conf).contains("incominguser " + user + " " + PASSWORD + "\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));

        // What a tgtd restart does: target and account are gone; tgt-admin brings both back, CHAP included.
        Tgtadm tgtadm = TGTD.tgtadm();
        tgtadm.run("forget the target", "--mode", "target", "--op", "delete", "--force", "--tid", tid(pool));
        tgtadm.run("forget the account", "--mode", "account", "--op", "delete", "--user", user);
        Exec.Result restore = Exec.run(
                List.of(
                        "tgt-admin",
                        "-C",
                        String.valueOf(
                                TGTD.base().control() == null ? 0 : TGTD.base().control()),
                        "-e",
                        "-c",
                        conf.toString()),
                60,
                "run tgt-admin",
                "Debian tgt");
        assertEquals(restore.output(), 0, restore.exit());
        assertEquals(List.of(user), target(pool).accounts());
        assertEquals(0, qemuImgInfo(pool, user, PASSWORD).exit());
        assertTrue(qemuImgInfo(pool, null, null).exit() != 0);
    }

    private String tid(String pool) {
        return Integer.toString(target(pool).tid());
    }

    @Test
    public void chapWithoutASecretOrWithABadUserIsRefusedPlainly() {
        String pool = TGTD.newPool();
        DriverException missing =
                assertThrows(DriverException.class, () -> open(TGTD.address(pool) + "&chap=" + user, null));
        assertEquals(Fault.UNSUPPORTED, missing.fault());
        assertTrue(missing.getMessage(), missing.getMessage().contains("CHAP secret"));
        DriverException blank =
                assertThrows(DriverException.class, () -> open(TGTD.address(pool) + "&chap=" + user, "has blank"));
        assertEquals(Fault.UNSUPPORTED, blank.fault());
        assertFalse(blank.getMessage(), blank.getMessage().contains("has blank"));
        DriverException badUser =
                assertThrows(DriverException.class, () -> open(TGTD.address(pool) + "&chap=a%20b", PASSWORD));
        assertEquals(Fault.UNSUPPORTED, badUser.fault());
        assertFalse(
                "nothing made for refused addresses", TGTD.tgtadm().accounts().contains(user));
    }

    private StorageSession open(String address, String password) {
        StorageSession s = driver.open(new Endpoint(address, null, Secret.of(password), Map.of()));
        sessions.add(s);
        return s;
    }

    private Tgtadm.Target target(String pool) {
        return TGTD.tgtadm().targets().stream()
                .filter(t -> t.iqn().equals(pool))
                .findFirst()
                .orElseThrow();
    }

    /** QEMU's own initiator on LUN 1, the password in a file secret (never on the command line). */
    private Exec.Result qemuImgInfo(String pool, String user, String password) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-img", "info", "--output=json"));
        String opts = "driver=iscsi,transport=tcp,portal=" + TGTD.base().portal() + ",target=" + pool + ",lun=1";
        if (user != null) {
            Path secret = folder.newFile().toPath();
            Files.writeString(secret, password, StandardCharsets.UTF_8);
            command.add("--object");
            command.add("secret,id=chap0,file=" + secret);
            opts += ",user=" + user + ",password-secret=chap0";
        }
        command.add("--image-opts");
        command.add(opts);
        Exec.Result r = Exec.run(command, TimeUnit.SECONDS.toSeconds(60), "run qemu-img", "Debian qemu-utils");
        if (r.exit() == 0) {
            assertTrue(r.output(), r.output().contains("\"virtual-size\": " + 4 * MIB));
        }
        return r;
    }
}

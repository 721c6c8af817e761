package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.spi.storage.VolumeSnapshotInfo;

/**
 * What the platform relies on from every storage driver. Extend it in your driver's tests, give it your driver and a
 * way to reach a test backend, and run it with JUnit 4:
 *
 * <pre>
 * public class AcmeStorageContractTest extends StorageDriverContract {
 *     protected StorageDriver driver() { return new AcmeStorageDriver(); }
 *     protected Endpoint freshBackend() { return new Endpoint("acme://127.0.0.1:9999", "admin", Secret.of(secret()), null); }
 * }
 * </pre>
 *
 * Run it against the real system your driver manages (a simulator, a test instance) wherever one can run: a fake
 * would only test your fake.
 *
 * <p>Every optional operation has one test that checks both cases: a driver that lists the capability must do it,
 * one that does not must answer {@code UNSUPPORTED}. No test is ever skipped. The kit names its volumes with
 * {@link #volumeName} and creates them in the format {@link #sampleFormat}; both must be in the driver's own
 * vocabulary, which the kit checks too. Override {@link #importSource} to have import tested with a real image.
 */
public abstract class StorageDriverContract {

    /** One MiB: small enough for any test backend, a whole number of blocks for every one. */
    protected static final long MIB = 1024 * 1024;

    private StorageDriver driver;
    private Endpoint backend;
    private StorageSession session;
    private String pool;
    private final List<String> created = new ArrayList<>();

    /** A new instance of the driver under test. */
    protected abstract StorageDriver driver() throws Exception;

    /**
     * A backend for one test, with at least one pool that can hold a few small volumes, whose state no other test
     * sees: tests create, clone, grow and delete volumes. Its password, if it has one, must be {@link #secret()}.
     */
    protected abstract Endpoint freshBackend() throws Exception;

    /** The password the kit checks never to see in an error message. */
    protected String secret() {
        return KitChecks.secretFor(getClass());
    }

    /** The pool the kit works in; the first the backend lists unless overridden. */
    protected String pool(StorageSession session) {
        return session.pools().get(0);
    }

    /** The name of a new volume, from a unique stem ("kit-new-1a2b3c4d"): add what your backend needs (".vmdk"). */
    protected String volumeName(String stem) {
        return stem;
    }

    /** The format the kit creates volumes in: the first of the driver's vocabulary, else qcow2 (the SPI's). */
    protected String sampleFormat() {
        List<String> formats = driver.descriptor().accepts().volumeFormats();
        return formats.isEmpty() ? "qcow2" : formats.get(0);
    }

    /**
     * The format of the volumes the kit snapshots and links to: qcow2 when the driver takes it (a qcow2 file holds
     * its own snapshots), else {@link #sampleFormat}.
     */
    protected String snapshotFormat() {
        List<String> formats = driver.descriptor().accepts().volumeFormats();
        return formats.isEmpty() || Vocabulary.accepts(formats, "qcow2") ? "qcow2" : sampleFormat();
    }

    /** How big the volumes the kit creates are; doubled to test growing. */
    protected long sampleCapacityBytes() {
        return MIB;
    }

    /**
     * Whether the test backend reports the capacity of a volume. A simulator may say 0 for every one (govmomi's
     * vcsim does); then the kit only checks that sizes are not negative. A real backend does.
     */
    protected boolean reportsVolumeSizes() {
        return true;
    }

    /**
     * An image file on the backend's host that the driver can import ({@code VOLUME_IMPORT}), made for one test; or
     * null, and the kit only checks that importing a file that is not there fails with a fault in words.
     */
    protected ImportSource importSource() throws Exception {
        return null;
    }

    /** An image to import and its format (null: detect it). */
    public record ImportSource(String path, String format) {}

    @Before
    public final void openSession() throws Exception {
        driver = driver();
        backend = freshBackend();
        session = driver.open(backend);
        assertNotNull("open() returns a session", session);
        pool = pool(session);
    }

    @After
    public final void closeSession() {
        if (session != null) {
            try {
                if (can(Capability.VOLUME_CREATE)) {
                    // Newest first: a linked volume goes before the volume it reads from.
                    for (int i = created.size() - 1; i >= 0; i--) {
                        String name = created.get(i);
                        try {
                            session.deleteVolume(pool, name);
                        } catch (DriverException e) {
                            // already gone: the test deleted it
                        }
                    }
                }
            } finally {
                session.close();
            }
        }
    }

    @Test
    public void describesItself() {
        DriverDescriptor d = driver.descriptor();
        KitChecks.assertDescribes(DriverKind.STORAGE, d, driver.descriptor());
        if (can(Capability.VOLUME_CREATE)) {
            assertTrue(
                    "the kit's format " + sampleFormat() + " is in the vocabulary",
                    Vocabulary.accepts(d.accepts().volumeFormats(), sampleFormat()));
        }
        assertTrue(
                "the kit's volume names are in the vocabulary: " + newName("x"),
                d.accepts().acceptsVolumeName(newName("x")));
    }

    @Test
    public void listsPoolsWithTheirSizes() {
        List<String> pools = session.pools();
        assertFalse("the test backend has at least one pool", pools.isEmpty());
        assertEquals(
                "pool names are unique", pools.size(), pools.stream().distinct().count());
        List<PoolInfo> infos = session.poolInfo();
        assertEquals(
                "poolInfo() names the pools of pools()",
                pools,
                infos.stream().map(PoolInfo::name).toList());
        for (PoolInfo p : infos) {
            assertTrue("capacity is -1 (not said) or not negative: " + p, p.capacityBytes() >= -1);
            assertTrue("free space is -1 (not said) or not negative: " + p, p.freeBytes() >= -1);
            if (p.capacityBytes() >= 0 && p.freeBytes() >= 0) {
                assertTrue("free space within capacity: " + p, p.freeBytes() <= p.capacityBytes());
            }
            assertTrue(
                    "every pool it lists is a name its vocabulary takes: " + p.name(),
                    driver.descriptor().accepts().acceptsPoolName(p.name()));
        }
    }

    @Test
    public void everyListedVolumeCanBeReadByName() {
        for (String pool : session.pools()) {
            List<VolumeInfo> volumes = session.volumes(pool);
            assertEquals(
                    "names are unique in a pool",
                    volumes.size(),
                    volumes.stream().map(VolumeInfo::name).distinct().count());
            for (VolumeInfo v : volumes) {
                assertEquals("a volume names its pool", pool, v.pool());
                VolumeInfo read = session.volume(pool, v.name());
                assertEquals(v.name(), read.name());
                assertEquals(v.path(), read.path());
            }
        }
    }

    @Test
    public void anUnknownPoolOrVolumeIsNotFound() {
        expectFault(Fault.NOT_FOUND, () -> session.volumes("kitnosuchpool" + KitChecks.unique()));
        expectFault(Fault.NOT_FOUND, () -> session.volume(pool, newName("none")));
    }

    @Test
    public void closingTwiceIsQuiet() {
        StorageSession other = driver.open(backend);
        other.close();
        other.close();
    }

    @Test
    public void errorsNeverCarryThePassword() {
        Endpoint withSecret =
                new Endpoint(backend.address(), backend.username(), Secret.of(secret()), backend.options());
        try (StorageSession s = driver.open(withSecret)) {
            s.volume(pool, newName("none"));
            fail("an unknown volume must fail");
        } catch (DriverException e) {
            KitChecks.assertShowsNoSecret(e, secret());
        }
    }

    // ---- optional operations

    @Test
    public void creationMatchesTheDeclaredCapability() {
        String name = newName("new");
        if (!can(Capability.VOLUME_CREATE)) {
            expectFault(
                    Fault.UNSUPPORTED, () -> session.createVolume(pool, name, sampleCapacityBytes(), sampleFormat()));
            expectFault(Fault.UNSUPPORTED, () -> session.deleteVolume(pool, name));
            return;
        }
        VolumeInfo v = create(name);
        assertEquals(pool, v.pool());
        assertEquals(name, v.name());
        assertTrue(
                "at least the capacity asked for: " + v,
                reportsVolumeSizes() ? v.capacityBytes() >= sampleCapacityBytes() : v.capacityBytes() >= 0);
        assertNotNull("a path that VMs can use", v.path());
        assertEquals("in the format asked for", sampleFormat(), v.format());
        assertTrue(
                "the new volume is listed",
                session.volumes(pool).stream().anyMatch(x -> x.name().equals(name)));
        assertEquals(v.path(), session.volume(pool, name).path());
        expectFault(Fault.CONFLICT, () -> session.createVolume(pool, name, sampleCapacityBytes(), sampleFormat()));

        session.deleteVolume(pool, name);
        expectFault(Fault.NOT_FOUND, () -> session.volume(pool, name));
        assertFalse(
                "a deleted volume is not listed",
                session.volumes(pool).stream().anyMatch(x -> x.name().equals(name)));
        expectFault(Fault.NOT_FOUND, () -> session.deleteVolume(pool, name));

        // Every format the driver says it takes, it creates.
        for (String format : driver.descriptor().accepts().volumeFormats()) {
            String other = newName("fmt");
            created.add(other);
            VolumeInfo made = session.createVolume(pool, other, sampleCapacityBytes(), format);
            assertEquals(other, made.name());
            session.deleteVolume(pool, other);
        }
    }

    @Test
    public void cloningMatchesTheDeclaredCapability() {
        String copy = newName("copy");
        if (!can(Capability.VOLUME_CLONE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.cloneVolume(pool, newName("src"), copy));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.cloneVolume(pool, newName("none"), copy));
        if (!can(Capability.VOLUME_CREATE)) {
            return;
        }
        VolumeInfo source = create(newName("src"));
        created.add(copy);
        VolumeInfo clone = session.cloneVolume(pool, source.name(), copy);
        assertEquals(copy, clone.name());
        assertEquals(pool, clone.pool());
        assertNotEquals("a clone is a volume of its own", source.path(), clone.path());
        assertTrue(
                "the clone is as big as its source: " + clone,
                reportsVolumeSizes() ? clone.capacityBytes() >= source.capacityBytes() : clone.capacityBytes() >= 0);
        assertTrue(
                "the clone is listed",
                session.volumes(pool).stream().anyMatch(x -> x.name().equals(copy)));
        assertEquals(
                "the source stays",
                source.path(),
                session.volume(pool, source.name()).path());
        expectFault(Fault.CONFLICT, () -> session.cloneVolume(pool, source.name(), copy));
    }

    @Test
    public void resizingMatchesTheDeclaredCapability() {
        if (!can(Capability.VOLUME_RESIZE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.resizeVolume(pool, newName("any"), 2 * sampleCapacityBytes()));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.resizeVolume(pool, newName("none"), 2 * sampleCapacityBytes()));
        if (!can(Capability.VOLUME_CREATE)) {
            return;
        }
        VolumeInfo v = create(newName("grow"));
        long size = reportsVolumeSizes() ? v.capacityBytes() : sampleCapacityBytes();
        VolumeInfo grown = session.resizeVolume(pool, v.name(), 2 * size);
        if (reportsVolumeSizes()) {
            assertTrue("grown: " + grown, grown.capacityBytes() >= 2 * size);
        }
        assertEquals(grown.capacityBytes(), session.volume(pool, v.name()).capacityBytes());
        expectFault(Fault.CONFLICT, () -> session.resizeVolume(pool, v.name(), size));
        assertEquals(
                "a refused shrink changes nothing",
                grown.capacityBytes(),
                session.volume(pool, v.name()).capacityBytes());
    }

    @Test
    public void importMatchesTheDeclaredCapability() throws Exception {
        String name = newName("imp");
        List<Integer> progress = new ArrayList<>();
        if (!can(Capability.VOLUME_IMPORT)) {
            expectFault(
                    Fault.UNSUPPORTED,
                    () -> session.importVolume(
                            pool, name, "/nonexistent/kit.img", null, sampleFormat(), progress::add));
            return;
        }
        DriverException missing = expectAnyFault(() -> session.importVolume(
                pool, name, "/nonexistent/kit-" + KitChecks.unique() + ".img", null, sampleFormat(), progress::add));
        assertNotEquals(
                "a driver that declares VOLUME_IMPORT imports: " + missing.getMessage(),
                Fault.UNSUPPORTED,
                missing.fault());
        expectFault(Fault.NOT_FOUND, () -> session.volume(pool, name));
        ImportSource source = importSource();
        if (source == null) {
            return;
        }
        progress.clear();
        created.add(name);
        VolumeInfo v = session.importVolume(pool, name, source.path(), source.format(), sampleFormat(), progress::add);
        assertEquals(name, v.name());
        assertEquals(sampleFormat(), v.format());
        assertTrue(
                "the imported volume is listed",
                session.volumes(pool).stream().anyMatch(x -> x.name().equals(name)));
        for (int p : progress) {
            assertTrue("progress in 0..100: " + progress, p >= 0 && p <= 100);
        }
        expectFault(
                Fault.CONFLICT,
                () -> session.importVolume(pool, name, source.path(), source.format(), sampleFormat(), progress::add));
    }

    @Test
    public void volumeSnapshotsMatchTheDeclaredCapability() {
        String none = newName("none");
        if (!can(Capability.VOLUME_SNAPSHOT)) {
            expectFault(Fault.UNSUPPORTED, () -> session.volumeSnapshots(pool, none));
            expectFault(Fault.UNSUPPORTED, () -> session.snapshotVolume(pool, none, "kit-s1"));
            expectFault(Fault.UNSUPPORTED, () -> session.revertVolume(pool, none, "kit-s1"));
            expectFault(Fault.UNSUPPORTED, () -> session.deleteVolumeSnapshot(pool, none, "kit-s1"));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.volumeSnapshots(pool, none));
        expectFault(Fault.NOT_FOUND, () -> session.snapshotVolume(pool, none, "kit-s1"));
        expectFault(Fault.NOT_FOUND, () -> session.revertVolume(pool, none, "kit-s1"));
        expectFault(Fault.NOT_FOUND, () -> session.deleteVolumeSnapshot(pool, none, "kit-s1"));
        if (!can(Capability.VOLUME_CREATE)) {
            return;
        }
        String name = newName("snap");
        created.add(name);
        VolumeInfo v = session.createVolume(pool, name, sampleCapacityBytes(), snapshotFormat());
        assertEquals("a new volume has no snapshots", List.of(), snapshotNames(name));

        VolumeSnapshotInfo first = session.snapshotVolume(pool, name, "kit-s1");
        assertEquals(pool, first.pool());
        assertEquals(name, first.volume());
        assertEquals("kit-s1", first.name());
        session.snapshotVolume(pool, name, "kit-s2");
        assertEquals("listed oldest first", List.of("kit-s1", "kit-s2"), snapshotNames(name));
        expectFault(Fault.CONFLICT, () -> session.snapshotVolume(pool, name, "kit-s1"));
        assertEquals("a refused duplicate adds nothing", List.of("kit-s1", "kit-s2"), snapshotNames(name));

        session.revertVolume(pool, name, "kit-s1");
        VolumeInfo reverted = session.volume(pool, name);
        assertEquals("a reverted volume keeps its path", v.path(), reverted.path());
        assertEquals("a reverted volume keeps its format", v.format(), reverted.format());
        if (reportsVolumeSizes()) {
            assertEquals("a reverted volume keeps its size", v.capacityBytes(), reverted.capacityBytes());
        }
        assertEquals("a revert keeps every snapshot", List.of("kit-s1", "kit-s2"), snapshotNames(name));
        expectFault(Fault.NOT_FOUND, () -> session.revertVolume(pool, name, "kit-none"));

        session.deleteVolumeSnapshot(pool, name, "kit-s1");
        assertEquals("the deleted snapshot is gone", List.of("kit-s2"), snapshotNames(name));
        expectFault(Fault.NOT_FOUND, () -> session.deleteVolumeSnapshot(pool, name, "kit-s1"));
        session.revertVolume(pool, name, "kit-s2");
        assertEquals(v.path(), session.volume(pool, name).path());
    }

    @Test
    public void linkedVolumesMatchTheDeclaredCapability() {
        String link = newName("link");
        if (!can(Capability.VOLUME_LINKED_CLONE)) {
            expectFault(Fault.UNSUPPORTED, () -> session.createLinkedVolume(pool, newName("base"), link));
            return;
        }
        expectFault(Fault.NOT_FOUND, () -> session.createLinkedVolume(pool, newName("none"), link));
        expectFault(Fault.NOT_FOUND, () -> session.volume(pool, link));
        if (!can(Capability.VOLUME_CREATE)) {
            return;
        }
        String baseName = newName("base");
        created.add(baseName);
        VolumeInfo base = session.createVolume(pool, baseName, sampleCapacityBytes(), snapshotFormat());
        assertEquals("a new volume stands alone", null, base.backing());
        created.add(link);
        VolumeInfo linked = session.createLinkedVolume(pool, baseName, link);
        assertEquals(link, linked.name());
        assertEquals(pool, linked.pool());
        assertEquals("a linked volume is qcow2", "qcow2", linked.format());
        assertEquals("a linked volume names its base", baseName, linked.backing());
        assertNotEquals("a linked volume is a volume of its own", base.path(), linked.path());
        if (reportsVolumeSizes()) {
            assertEquals("as big as its base", base.capacityBytes(), linked.capacityBytes());
        }
        VolumeInfo listed = session.volumes(pool).stream()
                .filter(x -> x.name().equals(link))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the linked volume is listed"));
        assertEquals("listed with its base", baseName, listed.backing());
        assertEquals(baseName, session.volume(pool, link).backing());
        expectFault(Fault.CONFLICT, () -> session.createLinkedVolume(pool, baseName, link));

        session.deleteVolume(pool, link);
        expectFault(Fault.NOT_FOUND, () -> session.volume(pool, link));
        VolumeInfo after = session.volume(pool, baseName);
        assertEquals("deleting a linked volume leaves its base", base.path(), after.path());
        assertEquals(null, after.backing());
    }

    // ---- helpers

    private List<String> snapshotNames(String volume) {
        List<VolumeSnapshotInfo> snapshots = session.volumeSnapshots(pool, volume);
        for (VolumeSnapshotInfo s : snapshots) {
            assertEquals("a snapshot names its pool", pool, s.pool());
            assertEquals("a snapshot names its volume", volume, s.volume());
            assertTrue("size -1 (not said) or not negative: " + s, s.sizeBytes() >= -1);
        }
        return snapshots.stream().map(VolumeSnapshotInfo::name).toList();
    }

    protected final boolean can(Capability capability) {
        return driver.descriptor().can(capability);
    }

    private VolumeInfo create(String name) {
        created.add(name);
        return session.createVolume(pool, name, sampleCapacityBytes(), sampleFormat());
    }

    private String newName(String what) {
        return volumeName(KitChecks.uniqueName(what));
    }

    /** Runs a call that must fail with one fault; anything else fails the test with what happened. */
    protected static void expectFault(Fault fault, Runnable call) {
        KitChecks.expectFault(fault, call);
    }

    /** Runs a call that must fail with a DriverException whose message is in words. */
    protected static DriverException expectAnyFault(Runnable call) {
        return KitChecks.expectAnyFault(call);
    }
}

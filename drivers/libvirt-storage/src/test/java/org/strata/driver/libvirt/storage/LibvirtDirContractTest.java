package org.strata.driver.libvirt.storage;

import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.rules.ExternalResource;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.StoragePool;
import org.strata.spi.Endpoint;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.testkit.StorageDriverContract;

/**
 * The storage driver test kit against the dir-pool driver and a real libvirtd ({@code STRATA_TEST_LIBVIRT_URI}, which
 * {@code ./strata test} sets once tools/test-env/libvirtd.sh answers): each test gets a dir pool of its own in a
 * temporary folder, removed after it, and imports a real raw image. libvirt's in-process test driver cannot stand
 * in: it cannot grow volumes and has no files to import. Without a daemon the tests are skipped and say why, unless
 * {@code STRATA_TEST_REQUIRE_LIBVIRT=1} (as in CI), where a missing daemon fails them.
 */
public class LibvirtDirContractTest extends StorageDriverContract {

    private static final String URI = System.getenv("STRATA_TEST_LIBVIRT_URI");

    private final TemporaryFolder folder = new TemporaryFolder();
    private final DirPool pool = new DirPool();

    /** The folder outlives the pool, and the pool the kit's session (rules wrap @Before and @After). */
    @Rule
    public final RuleChain peers = RuleChain.outerRule(folder).around(pool);

    @Override
    protected StorageDriver driver() {
        return new LibvirtDirStorageDriver(
                Map.of("import.allowed.dirs", folder.getRoot().toString()));
    }

    @Override
    protected Endpoint freshBackend() {
        return Endpoint.of(URI);
    }

    @Override
    protected String pool(StorageSession session) {
        return pool.name;
    }

    @Override
    protected ImportSource importSource() throws Exception {
        Path image = folder.newFolder().toPath().resolve("kit.raw");
        Files.write(image, new byte[(int) MIB]);
        return new ImportSource(image.toString(), "raw");
    }

    /** A dir pool of libvirtd's in a temporary folder, defined and started for one test and removed after it. */
    private final class DirPool extends ExternalResource {
        private String name;
        private Connect admin;
        private StoragePool pool;

        @Override
        protected void before() throws Throwable {
            boolean required = "1".equals(System.getenv("STRATA_TEST_REQUIRE_LIBVIRT"));
            if (URI == null || URI.isBlank() || !LibvirtUris.hasLocalFiles(URI)) {
                String why = "STRATA_TEST_LIBVIRT_URI must name a libvirtd on this machine (./strata test starts one)";
                if (required) {
                    fail(why + "; STRATA_TEST_REQUIRE_LIBVIRT=1 makes its absence a failure");
                }
                Assume.assumeTrue(why, false);
            }
            admin = new Connect(URI, false);
            admin.setConnectionErrorCallback(new ErrorCallback());
            name = "strata-kit-" + UUID.randomUUID().toString().substring(0, 8);
            Path dir = folder.newFolder(name).toPath();
            pool = admin.storagePoolDefineXML(
                    "<pool type='dir'><name>" + name + "</name><target><path>" + dir + "</path></target></pool>", 0);
            pool.create(0);
        }

        @Override
        protected void after() {
            try {
                if (pool != null) {
                    if (pool.isActive() == 1) {
                        for (String vol : pool.listVolumes()) {
                            pool.storageVolLookupByName(vol).delete(0);
                        }
                        pool.destroy();
                    }
                    pool.undefine();
                }
                if (admin != null) {
                    admin.close();
                }
            } catch (org.libvirt.LibvirtException e) {
                throw new AssertionError("could not remove the test pool " + name + ": " + e.getMessage(), e);
            }
        }
    }
}

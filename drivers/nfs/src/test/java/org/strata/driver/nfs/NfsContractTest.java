package org.strata.driver.nfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.testkit.StorageDriverContract;

/**
 * The storage driver test kit against a real ganesha: each test gets a directory of its own in the export, holding
 * one pool, and imports a real raw image from a local temporary folder.
 */
public class NfsContractTest extends StorageDriverContract {

    @ClassRule
    public static final NfsServer SERVER = new NfsServer();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private NfsServer.Backend backend;

    @Override
    protected StorageDriver driver() {
        return new NfsStorageDriver(
                Map.of("import.allowed.dirs", folder.getRoot().toString()));
    }

    @Override
    protected Endpoint freshBackend() throws Exception {
        backend = SERVER.newBackend("pool1");
        // NFS with AUTH_SYS takes no password: the kit's secret must simply never show up.
        return new Endpoint(backend.address(), "admin", Secret.of(secret()), null);
    }

    @Override
    protected String pool(StorageSession session) {
        return "pool1";
    }

    @Override
    protected ImportSource importSource() throws Exception {
        Path image = folder.newFolder().toPath().resolve("kit.raw");
        Files.write(image, new byte[(int) MIB]);
        return new ImportSource(image.toString(), "raw");
    }

    @After
    public void removeBackend() throws Exception {
        if (backend != null) {
            backend.remove();
        }
    }
}

package org.strata.repository.jdbc;

/** The patching store on an H2 file database in a fresh temporary directory per test. */
public class PatchStoreTest extends PatchStoreContractTest {

    @Override
    protected DatabaseSettings freshDatabase() throws Exception {
        String path = temp.newFolder("h2")
                .toPath()
                .resolve("repository")
                .toAbsolutePath()
                .toString();
        return new DatabaseSettings("jdbc:h2:file:" + path + ";WRITE_DELAY=0", "sa", "", 4);
    }

    @Override
    protected void dropDatabase() {
        // The temporary folder goes away with the test.
    }
}

package org.strata.driver.iscsi;

import org.junit.ClassRule;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.testkit.StorageDriverContract;

/**
 * The storage driver test kit against a real tgtd ({@link TestTgtd}: the one STRATA_TEST_ISCSI_ADDRESS names, else a
 * private one started with tools/test-env/tgt.sh). Each test gets a target of its own, made by the driver from the
 * address's pool parameter, so no test sees another's LUNs.
 */
public class IscsiContractTest extends StorageDriverContract {

    @ClassRule
    public static final TestTgtd TGTD = new TestTgtd();

    @Override
    protected StorageDriver driver() {
        return TGTD.driver();
    }

    @Override
    protected Endpoint freshBackend() {
        return new Endpoint(TGTD.address(TGTD.newPool()), "strata", Secret.of(secret()), null);
    }
}

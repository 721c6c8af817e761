package org.strata.driver.esx;

import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.rules.ExternalResource;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.testkit.StorageDriverContract;
import org.strata.vsphere.testkit.Vcsim;

/**
 * The storage driver test kit against the datastore driver: each test gets a vCenter simulator of its own (govmomi's
 * vcsim, one host with two datastores), stopped after it. Datastores hold VMDK disks, so the kit's volumes end in
 * ".vmdk"; the driver neither grows nor imports volumes, and the kit holds it to saying so.
 */
public class EsxDatastoreContractTest extends StorageDriverContract {

    private final List<Vcsim> started = new ArrayList<>();

    /** A rule, so that the simulators stop after the kit's @After has removed its volumes and closed its session. */
    @Rule
    public final ExternalResource simulators = new ExternalResource() {
        @Override
        protected void after() {
            for (Vcsim v : started) {
                try {
                    v.close();
                } catch (Exception e) {
                    throw new AssertionError("could not stop a simulator: " + e.getMessage(), e);
                }
            }
        }
    };

    @Override
    protected StorageDriver driver() {
        return new EsxDatastoreDriver();
    }

    @Override
    protected String secret() {
        return Vcsim.PASSWORD;
    }

    @Override
    protected Endpoint freshBackend() throws Exception {
        Vcsim vcenter = Vcsim.start("-cluster-hosts", "1", "-standalone-hosts", "0", "-vms", "0", "-datastores", "2");
        started.add(vcenter);
        return new Endpoint(
                "vpx://" + vcenter.authority() + "/DC0/DC0_C0/DC0_C0_H0?transport=http",
                Vcsim.USER,
                Secret.of(Vcsim.PASSWORD),
                null);
    }

    /** vcsim's datastore browser says 0 KB for every disk; ESX itself says the disk's size. */
    @Override
    protected boolean reportsVolumeSizes() {
        return false;
    }

    @Override
    protected String volumeName(String stem) {
        return stem + ".vmdk";
    }
}

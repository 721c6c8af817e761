package org.strata.driver.esx;

import org.junit.After;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.testkit.HypervisorSnapshotContract;
import org.strata.vsphere.testkit.Vcsim;

/**
 * The snapshot and clone kit against the ESX driver: a vCenter simulator of its own for each test (one cluster of
 * one host, one VM), so that no test sees another's snapshots.
 */
public class EsxSnapshotContractTest extends HypervisorSnapshotContract {

    private Vcsim current;

    @After
    public void stopSimulator() throws Exception {
        if (current != null) {
            current.close();
        }
    }

    @Override
    protected HypervisorDriver driver() {
        return new EsxDriver();
    }

    @Override
    protected Endpoint freshHost() throws Exception {
        current = Vcsim.start("-cluster-hosts", "1", "-standalone-hosts", "0", "-vms", "1");
        return new Endpoint(
                "vpx://" + current.authority() + "/DC0/DC0_C0/DC0_C0_H0?transport=http",
                Vcsim.USER,
                Secret.of(Vcsim.PASSWORD),
                null);
    }

    @Override
    protected String snapshotVm(HypervisorSession host) {
        return idOf(host, "DC0_C0_RP0_VM0");
    }
}

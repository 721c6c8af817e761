package org.strata.driver.esx;

import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.testkit.HypervisorDriverContract;
import org.strata.vsphere.testkit.Vcsim;

/**
 * The driver test kit against the ESX driver: each test gets a vCenter simulator of its own (govmomi's vcsim, a
 * cluster of two hosts), and migration is tested between its two hosts. The sample VM has what ESX offers: VMDK
 * disks on the simulator's datastore, a card on "VM Network", no VNC and no serial console.
 */
public class EsxDriverContractTest extends HypervisorDriverContract {

    private final List<Vcsim> started = new ArrayList<>();
    private Vcsim current;

    @After
    public void stopSimulators() throws Exception {
        for (Vcsim v : started) {
            v.close();
        }
    }

    @Override
    protected HypervisorDriver driver() {
        return new EsxDriver();
    }

    @Override
    protected String secret() {
        return Vcsim.PASSWORD;
    }

    @Override
    protected Endpoint freshHost() throws Exception {
        current = Vcsim.start("-cluster-hosts", "2", "-standalone-hosts", "0", "-vms", "4");
        started.add(current);
        return endpoint("DC0_C0_H0");
    }

    @Override
    protected Endpoint migrationDestination() {
        return endpoint("DC0_C0_H1");
    }

    private Endpoint endpoint(String host) {
        return new Endpoint(
                "vpx://" + current.authority() + "/DC0/DC0_C0/" + host + "?transport=http",
                Vcsim.USER,
                Secret.of(Vcsim.PASSWORD),
                null);
    }

    @Override
    protected VmSpec sampleSpec(String name) {
        String disk = "[LocalDS_0] " + name + "/" + name + ".vmdk";
        current.createDisk("DC0", disk, 1024);
        return new VmSpec(
                name,
                null,
                1,
                128,
                VmSpec.GuestMode.HVM,
                List.of(DiskSpec.disk(disk, "raw")),
                List.of(NicSpec.network("VM Network")),
                List.of(),
                List.of(),
                null,
                false,
                ResourceSettings.NONE);
    }

    @Override
    protected DiskSpec sampleDisk(String name) {
        String disk = "[LocalDS_0] " + name + "/" + name + "-extra.vmdk";
        current.createDisk("DC0", disk, 1024);
        return DiskSpec.disk(disk, "raw");
    }

    @Override
    protected NicSpec sampleNic() {
        return NicSpec.network("VM Network");
    }
}

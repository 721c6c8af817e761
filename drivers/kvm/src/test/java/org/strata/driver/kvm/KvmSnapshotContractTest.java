package org.strata.driver.kvm;

import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.testkit.HypervisorSnapshotContract;

/**
 * The snapshot kit against the KVM driver on libvirt's test driver, in process: a host file of its own per test, so
 * that no test sees another's snapshots. The real QEMU side (qcow2 files, memory) is {@link KvmSnapshotEndToEndTest}.
 */
public class KvmSnapshotContractTest extends HypervisorSnapshotContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final EventLoop eventLoop = new EventLoop();

    @After
    public void stopEventLoop() {
        eventLoop.close();
    }

    @Override
    protected HypervisorDriver driver() {
        return new KvmDriver(eventLoop);
    }

    @Override
    protected Endpoint freshHost() throws Exception {
        return TestHosts.host(folder, "pw");
    }
}

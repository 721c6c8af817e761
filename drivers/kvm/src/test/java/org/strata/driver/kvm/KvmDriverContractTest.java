package org.strata.driver.kvm;

import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.testkit.HypervisorDriverContract;

/** The driver test kit against the KVM driver on libvirt's test driver, one private host file per test. */
public class KvmDriverContractTest extends HypervisorDriverContract {

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
        return TestHosts.host(folder, secret());
    }
}

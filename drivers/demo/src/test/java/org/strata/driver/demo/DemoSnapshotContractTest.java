package org.strata.driver.demo;

import java.util.UUID;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.testkit.HypervisorSnapshotContract;

/**
 * The snapshot and clone kit against the demo driver (an in-memory hypervisor made for demos, not a real peer): a demo
 * host of its own per test, with one VM.
 */
public class DemoSnapshotContractTest extends HypervisorSnapshotContract {

    private final DemoHypervisorDriver driver = new DemoHypervisorDriver();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected Endpoint freshHost() {
        return Endpoint.of(
                "demo://snap-" + run + "-" + UUID.randomUUID().toString().substring(0, 4) + "?vms=kit1");
    }

    @org.junit.After
    public void stopDriver() {
        driver.stop();
    }
}

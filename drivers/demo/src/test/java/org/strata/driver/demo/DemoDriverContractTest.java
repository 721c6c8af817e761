package org.strata.driver.demo;

import java.util.UUID;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.testkit.HypervisorDriverContract;

/**
 * The driver test kit run against the demo driver: a demo host of its own per test, with one VM, and a second one of
 * the same driver instance to migrate to.
 */
public class DemoDriverContractTest extends HypervisorDriverContract {

    private final DemoHypervisorDriver driver = new DemoHypervisorDriver();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected Endpoint freshHost() {
        return new Endpoint("demo://kit-" + run + "?vms=kit1", "root", Secret.of(secret()), null);
    }

    @Override
    protected Endpoint migrationDestination() {
        return Endpoint.of("demo://kit-dest-" + run);
    }

    @org.junit.After
    public void stopDriver() {
        driver.stop();
    }
}

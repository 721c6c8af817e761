package org.strata.driver.ipmi;

import org.junit.Rule;
import org.strata.spi.Endpoint;
import org.strata.spi.hardware.HardwareDriver;
import org.strata.spi.testkit.HardwareDriverContract;

/**
 * The hardware driver test kit against the IPMI driver: each test gets a BMC of its own, a real ipmi_sim started by
 * tools/test-env/ipmi/ipmi-sim.sh (missing ipmi_sim or ipmitool fails the test, never skips it), stopped after it.
 */
public class IpmiDriverContractTest extends HardwareDriverContract {

    /** A rule, so that the simulator runs before the kit's @Before opens a session and stops after its @After. */
    @Rule
    public final IpmiSimulators sim = new IpmiSimulators("kit", 1);

    @Override
    protected HardwareDriver driver() {
        return new IpmiDriver(4);
    }

    @Override
    protected void dispose(HardwareDriver driver) {
        ((IpmiDriver) driver).deactivate();
    }

    @Override
    protected String secret() {
        return IpmiSimulators.PASSWORD;
    }

    @Override
    protected Endpoint freshBmc() {
        return sim.get(0).endpoint();
    }
}

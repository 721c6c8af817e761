package org.strata.driver.guestfs;

import java.util.Map;
import org.strata.spi.image.DiskImageDriver;
import org.strata.spi.testkit.DiskImageDriverContract;

/** The driver test kit's contract for disk image tools: descriptor, NOT_FOUND for a missing disk (no appliance). */
public class GuestfsContractTest extends DiskImageDriverContract {

    @Override
    protected DiskImageDriver driver() {
        return new GuestfsDriver(Map.of());
    }
}

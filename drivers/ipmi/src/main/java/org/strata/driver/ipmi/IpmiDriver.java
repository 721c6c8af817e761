package org.strata.driver.ipmi;

import java.util.EnumSet;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.strata.ipmi.lan.BmcAddress;
import org.strata.ipmi.lan.DatagramPool;
import org.strata.ipmi.lan.RmcpPlusSession;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.HardwareDriver;

/**
 * Bare-metal machines through their BMC over IPMI 2.0 LAN (RMCP+, cipher suite 3). The address is
 * "host:port" (port 623 when left out); the endpoint's user must be allowed Administrator privilege.
 * Options: {@code timeout.ms} (per request, resends included; default 3000).
 *
 * <p>Firmware update is not offered: IPMI defines no standard way to update firmware (every vendor has its
 * own OEM commands), so the SPI's default answers UNSUPPORTED.
 */
@Component(service = {Driver.class, HardwareDriver.class})
public final class IpmiDriver implements HardwareDriver {

    static final String ID = "ipmi";
    static final long DEFAULT_TIMEOUT_MS = 3000;
    /** UDP sockets shared by all sessions: bounds descriptors and requests in flight, not sessions. */
    static final int POOL_SIZE = 32;

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.HARDWARE,
            "Strata",
            "0.1.0",
            "IPMI 2.0 (RMCP+) BMCs: power, boot device, sensors, FRU and event log; no firmware update "
                    + "(IPMI has no standard firmware update)",
            EnumSet.of(
                    Capability.POWER_CONTROL,
                    Capability.BOOT_DEVICE,
                    Capability.SENSORS,
                    Capability.HARDWARE_INVENTORY),
            // RAKP carries a user name of at most 16 bytes; an IPMI 2.0 password has at most 20.
            Vocabulary.ANY.withMaxUserNameLength(16).withMaxPasswordLength(20));

    private final DatagramPool pool;

    @Activate
    public IpmiDriver() {
        this(POOL_SIZE);
    }

    IpmiDriver(int poolSize) {
        this.pool = new DatagramPool(poolSize);
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public BmcSession open(Endpoint endpoint) {
        BmcAddress address = BmcAddress.parse(endpoint.address());
        long timeout = timeout(endpoint.options());
        char[] password = endpoint.password().reveal();
        try {
            return new IpmiBmcSession(RmcpPlusSession.open(address, endpoint.username(), password, pool, timeout));
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static long timeout(Map<String, String> options) {
        String value = options.get("timeout.ms");
        if (value == null) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long t = Long.parseLong(value.trim());
            if (t >= 50 && t <= 600_000) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DriverException(Fault.DRIVER_FAILURE, "option timeout.ms must be 50-600000 ms, not '" + value + "'");
    }

    @Deactivate
    void deactivate() {
        pool.close();
    }
}

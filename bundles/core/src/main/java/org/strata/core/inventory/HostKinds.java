package org.strata.core.inventory;

import java.util.Optional;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostKind;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;

/**
 * The rules that give a host its kind. The driver's descriptor decides when the driver runs; when it does not, the
 * caller must say, since nothing else can tell what an address of an unknown driver is. A kind that contradicts the
 * running driver's is refused rather than silently replaced: it means the caller has the wrong driver or host in mind.
 */
public final class HostKinds {

    private HostKinds() {}

    /** The kind of host a driver of that kind manages; empty for drivers that manage no host (OS families). */
    public static Optional<HostKind> of(DriverKind kind) {
        return switch (kind) {
            case HYPERVISOR -> Optional.of(HostKind.HYPERVISOR);
            case STORAGE -> Optional.of(HostKind.STORAGE);
            case HARDWARE -> Optional.of(HostKind.MACHINE);
            case OS_FAMILY, IMAGE_TOOLS -> Optional.empty();
        };
    }

    /**
     * The kind to record for a host being added or changed.
     *
     * @param driver    the descriptor of its driver when that runs, else null
     * @param driverId  the driver the host names
     * @param given     the kind the caller gave, or null
     * @param stored    the host's recorded kind on a change, null when adding (or unknown)
     * @throws StrataException INVALID_INPUT when the driver manages no hosts, when the given kind contradicts the
     *                         running driver's, or when neither the driver nor the caller (nor, on a change, the
     *                         record) can say what the host is
     */
    public static HostKind decide(DriverDescriptor driver, String driverId, HostKind given, HostKind stored) {
        if (driver != null) {
            HostKind driverKind = of(driver.kind())
                    .orElseThrow(() -> StrataException.invalid(
                            "driver '" + driverId + "' is an " + driver.kind() + " driver and manages no hosts"));
            if (given != null && given != driverKind) {
                throw StrataException.invalid("kind " + given + " contradicts driver '" + driverId + "', which is a "
                        + driver.kind() + " driver: its hosts are of kind " + driverKind
                        + " (leave kind out to take the driver's)");
            }
            return driverKind;
        }
        if (given != null) {
            return given;
        }
        if (stored != null) {
            return stored;
        }
        throw StrataException.invalid("driver '" + driverId + "' is not running, so it cannot say what this host is:"
                + " give its kind (HYPERVISOR, STORAGE or MACHINE) to add it before its driver runs");
    }
}

package org.strata.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;

/**
 * The OS family drivers running now, as they come and go (each a hot-swappable bundle). A profile belongs to the
 * driver that lists it; a provisioning whose driver went waits for it, it does not fail (docs/os.md).
 */
@Component(service = OsDrivers.class)
public final class OsDrivers {

    /** A profile with the driver that offers it. */
    public record Resolved(OsFamilyDriver driver, String driverId, OsProfile profile) {}

    private final Map<String, OsFamilyDriver> drivers = new ConcurrentHashMap<>();

    public OsDrivers() {}

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bind(OsFamilyDriver driver) {
        drivers.put(driver.descriptor().id(), driver);
    }

    public void unbind(OsFamilyDriver driver) {
        drivers.remove(driver.descriptor().id(), driver);
    }

    /** Every profile of every driver, with its driver. */
    public List<Resolved> profiles() {
        List<Resolved> all = new ArrayList<>();
        drivers.forEach((id, d) -> d.profiles().forEach(p -> all.add(new Resolved(d, id, p))));
        all.sort(java.util.Comparator.comparing(r -> r.profile().id()));
        return all;
    }

    public Optional<Resolved> profile(String profileId) {
        return profiles().stream()
                .filter(r -> r.profile().id().equals(profileId))
                .findFirst();
    }

    public Optional<OsFamilyDriver> driver(String driverId) {
        return Optional.ofNullable(drivers.get(driverId));
    }
}

package org.strata.patching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.strata.api.StrataException;
import org.strata.engine.DriverFaultCodes;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.image.DiskImageDriver;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;

/**
 * The OS family drivers and disk image tools running now, as they come and go: patching asks them at each use and
 * holds none across a task's steps longer than the step (a driver updated meanwhile serves the next step).
 */
@Component(service = PatchDrivers.class)
public final class PatchDrivers {

    /** A profile with the driver that offers it. */
    record Profile(OsFamilyDriver driver, OsProfile profile) {}

    /** What an OS driver made of a guest's or an image's OS report. */
    record Recognized(OsFamilyDriver driver, GuestFacts facts) {}

    private final Map<String, OsFamilyDriver> os = new ConcurrentHashMap<>();
    private final Map<String, DiskImageDriver> images = new ConcurrentHashMap<>();

    public PatchDrivers() {}

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindOs(OsFamilyDriver driver) {
        os.put(driver.descriptor().id(), driver);
    }

    public void unbindOs(OsFamilyDriver driver) {
        os.remove(driver.descriptor().id(), driver);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindImages(DiskImageDriver driver) {
        images.put(driver.descriptor().id(), driver);
    }

    public void unbindImages(DiskImageDriver driver) {
        images.remove(driver.descriptor().id(), driver);
    }

    Optional<Profile> profile(String profileId) {
        for (OsFamilyDriver driver : sorted(os)) {
            for (OsProfile p : driver.profiles()) {
                if (p.id().equals(profileId)) {
                    return Optional.of(new Profile(driver, p));
                }
            }
        }
        return Optional.empty();
    }

    /** The first driver, by id, that recognizes the OS report. */
    Optional<Recognized> recognize(Map<String, String> osInfo) {
        for (OsFamilyDriver driver : sorted(os)) {
            try {
                Optional<GuestFacts> facts = driver.recognize(osInfo);
                if (facts.isPresent()) {
                    return Optional.of(new Recognized(driver, facts.get()));
                }
            } catch (RuntimeException e) {
                // A driver that cannot read a report does not recognize it; the next one may.
            }
        }
        return Optional.empty();
    }

    /**
     * The family's driver, found by asking each driver to recognize a report of that family's id: the OS drivers
     * name their families only in what they recognize.
     */
    Optional<Recognized> family(String family) {
        return recognize(Map.of("id", family)).filter(r -> r.facts().family().equals(family));
    }

    /** The disk image tools with the capability, or a 501 that says none run. */
    DiskImageDriver imageTools(Capability capability) {
        for (DiskImageDriver driver : sorted(images)) {
            if (driver.descriptor().capabilities().contains(capability)) {
                return driver;
            }
        }
        throw new StrataException(
                org.strata.api.ErrorCode.UNSUPPORTED,
                "no disk image tools with " + capability + " run (install the feature strata-driver-guestfs)");
    }

    static boolean patches(OsFamilyDriver driver) {
        return driver.descriptor().capabilities().contains(Capability.OS_PATCHING);
    }

    private static <T extends org.strata.spi.Driver> List<T> sorted(Map<String, T> drivers) {
        List<T> list = new ArrayList<>(drivers.values());
        list.sort(Comparator.comparing(d -> d.descriptor().id()));
        return list;
    }

    /** A driver's failure in the API's terms, as core maps faults. */
    static StrataException failure(DriverException e, String what) {
        return new StrataException(DriverFaultCodes.code(e), what + ": " + e.getMessage());
    }
}

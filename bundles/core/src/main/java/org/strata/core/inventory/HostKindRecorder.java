package org.strata.core.inventory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.core.drivers.DriverRegistry;
import org.strata.repository.HostStore;

/**
 * Gives hosts recorded before kinds were stored, whose driver id the schema migration could not tell (a vendor's
 * driver), their kind as soon as their driver runs: its descriptor says what its hosts are. From then on the kind is
 * known while the driver is away. Hosts with a kind are never changed here.
 */
@Component(immediate = true)
public final class HostKindRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(HostKindRecorder.class);

    private final HostStore repository;
    private final DriverRegistry drivers;
    private final AutoCloseable subscription;

    @Activate
    public HostKindRecorder(@Reference HostStore repository, @Reference DriverRegistry drivers) {
        this.repository = repository;
        this.drivers = drivers;
        this.subscription = drivers.onArrival(this::record);
        // Drivers that arrived before this component did.
        drivers.drivers().forEach(d -> record(d.id()));
    }

    void record(String driverId) {
        drivers.descriptor(driverId).flatMap(d -> HostKinds.of(d.kind())).ifPresent(kind -> {
            try {
                int filled = repository.recordHostKinds(driverId, kind);
                if (filled > 0) {
                    LOG.info("Recorded kind {} for {} host(s) of driver {}", kind, filled, driverId);
                }
            } catch (StrataException e) {
                LOG.warn(
                        "Could not record the kind of the hosts of driver {}: {}; tried again when it next arrives",
                        driverId,
                        e.getMessage());
            }
        });
    }

    @Deactivate
    void stop() throws Exception {
        subscription.close();
    }
}

package org.strata.driver.demo;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;

/**
 * The demo storage: storage hosts ({@code demo://NAME}) whose pool {@code default-pool} holds volumes in memory, to try
 * volumes and pools with no backend. Like the demo hypervisor, its state lasts as long as the driver runs.
 */
@Component(service = {Driver.class, StorageDriver.class})
public final class DemoStorageDriver implements StorageDriver {

    static final String ID = "demo-storage";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.STORAGE,
            "Strata",
            "0.2.0",
            "Demo storage held in memory (demo://NAME): pool default-pool, volumes to create, clone, grow and delete",
            EnumSet.of(Capability.VOLUME_CREATE, Capability.VOLUME_CLONE, Capability.VOLUME_RESIZE));

    /** Storage hosts by address key; each session locks the backend it works on. */
    private final Map<String, DemoStorageSession.Backend> backends = new LinkedHashMap<>();

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StorageSession open(Endpoint endpoint) {
        DemoAddress address = DemoAddress.parse(endpoint.address());
        DemoStorageSession.Backend backend;
        synchronized (backends) {
            backend = backends.computeIfAbsent(address.key(), DemoStorageSession.Backend::new);
        }
        return new DemoStorageSession(backend);
    }
}

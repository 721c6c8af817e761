package org.strata.core.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.core.CoreSettings;
import org.strata.repository.DatacenterStore;
import org.strata.repository.HostStore;
import org.strata.repository.RepositoryState;

/**
 * Gives a new installation its first inventory, read from a file ({@code initial.inventory.file}, by default
 * {@code etc/strata-initial-inventory.properties}; see {@link InitialInventory} for its form). The distribution ships
 * it with the demo datacenter (two demo hypervisor hosts and demo storage); operators may replace it with their own
 * hosts. Core reads a neutral description and names no driver. Written straight to the repository (not through the
 * inventory service) because the drivers may not have started yet: that is why the file gives every host's kind, and
 * why its hosts show DRIVER_UNAVAILABLE until their drivers run.
 *
 * <p>Only a repository created new is seeded, once: the repository records that fact when it is made. A repository
 * that is merely empty (everything deleted by its admins) is left as it is. {@code demo.seed = false} declines it.
 * A file that is missing or wrong is said in the log and seeds nothing; a wrong one leaves the offer open, so that the
 * next start, with the file corrected, seeds the still new repository.
 */
@Component(immediate = true, configurationPid = "org.strata.core", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CoreSettings.class)
public final class InitialInventorySeeder {

    private static final Logger LOG = LoggerFactory.getLogger(InitialInventorySeeder.class);
    static final String PRINCIPAL = "strata-setup";
    static final String DEFAULT_FILE = "strata-initial-inventory.properties";

    @Activate
    public InitialInventorySeeder(
            @Reference RepositoryState repository,
            @Reference DatacenterStore datacenterStore,
            @Reference HostStore hostStore,
            CoreSettings config) {
        this(repository, datacenterStore, hostStore, config.demo_seed(), file(config.initial_inventory_file()));
    }

    InitialInventorySeeder(
            RepositoryState repository,
            DatacenterStore datacenterStore,
            HostStore hostStore,
            boolean enabled,
            Path file) {
        if (!repository.demoSeedPending()) {
            return;
        }
        // Checked again because a start that crashed between seeding and recording it must not seed twice.
        if (enabled && datacenterStore.datacenters(new PageRequest(0, 1)).total() == 0) {
            if (!Files.isRegularFile(file)) {
                LOG.info("No initial inventory at {}: the new repository starts empty", file);
            } else {
                InitialInventory inventory;
                try {
                    inventory = InitialInventory.read(file);
                } catch (IOException | StrataException e) {
                    LOG.error(
                            "The initial inventory was not created, and will be offered again at the next start:"
                                    + " {}",
                            e.getMessage());
                    return;
                }
                seed(datacenterStore, hostStore, inventory);
                LOG.info(
                        "Created the initial inventory from {}: datacenter '{}' with {} host(s)",
                        file,
                        inventory.datacenter().name(),
                        inventory.hosts().size());
            }
        }
        repository.demoSeedDone();
    }

    private static void seed(DatacenterStore datacenterStore, HostStore hostStore, InitialInventory inventory) {
        Datacenter dc = datacenterStore.createDatacenter(inventory.datacenter(), PRINCIPAL);
        PoolSpec p = inventory.pool();
        ResourcePool pool = p == null
                ? null
                : datacenterStore.createPool(
                        new PoolSpec(dc.id(), null, p.name(), p.description(), p.cpuLimit(), p.memoryLimitMb()),
                        PRINCIPAL);
        for (HostSpec h : inventory.hosts()) {
            hostStore.createHost(
                    new HostSpec(
                            h.name(),
                            dc.id(),
                            pool == null ? null : pool.id(),
                            h.driverId(),
                            h.address(),
                            h.username(),
                            null,
                            null,
                            h.kind()),
                    PRINCIPAL);
        }
    }

    /** The configured file; a relative path, or none, is taken in Karaf's etc folder. */
    static Path file(String configured) {
        String etc = System.getProperty("karaf.etc", "etc");
        if (configured == null || configured.isBlank()) {
            return Path.of(etc, DEFAULT_FILE);
        }
        Path p = Path.of(configured.strip());
        return p.isAbsolute() ? p : Path.of(etc).resolve(p);
    }
}

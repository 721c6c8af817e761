package org.strata.core.inventory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.DatacenterSpec;
import org.strata.api.HostSpec;
import org.strata.api.PageRequest;
import org.strata.api.PoolSpec;
import org.strata.core.CoreSettings;
import org.strata.repository.ConfigRepository;

/**
 * Gives a new installation something to look at: on a repository that Strata has just created, a demo datacenter
 * with one pool, one host on the demo hypervisor driver and the same in-process test host as storage. Written
 * straight to the repository (not through the inventory service) because the drivers may not have started yet;
 * their hosts then show DRIVER_UNAVAILABLE until they do.
 *
 * <p>Only a repository created new is seeded, once: the repository records that fact when it is made. A
 * repository that is merely empty (everything deleted by its admins) is left as it is.
 */
@Component(immediate = true, configurationPid = "org.strata.core", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CoreSettings.class)
public final class DemoSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
    static final String PRINCIPAL = "strata-setup";

    @Activate
    public DemoSeeder(@Reference ConfigRepository repository, CoreSettings config) {
        if (!repository.demoSeedPending()) {
            return;
        }
        // Checked again because a start that crashed between seeding and recording it must not seed twice.
        if (config.demo_seed() && repository.datacenters(new PageRequest(0, 1)).total() == 0) {
            var dc = repository.createDatacenter(new DatacenterSpec("Demo datacenter",
                    "Created at first start; remove it when you no longer need it"), PRINCIPAL);
            var pool = repository.createPool(new PoolSpec(dc.id(), null, "Default", "Demo pool", null, null),
                    PRINCIPAL);
            repository.createHost(new HostSpec("demo-host", dc.id(), pool.id(), "demo", "test:///default", null,
                    null), PRINCIPAL);
            // The same in-process test host seen as storage: its "default-pool" holds volumes to try with.
            repository.createHost(new HostSpec("demo-storage", dc.id(), pool.id(), "libvirt-dir", "test:///default",
                    null, null), PRINCIPAL);
            LOG.info("Created the demo datacenter {}", dc.id());
        }
        repository.demoSeedDone();
    }
}

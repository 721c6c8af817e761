package org.strata.driver.esx;

import java.util.EnumSet;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;

/**
 * The datastores of an ESX host as storage: pools are datastores (with their capacity and free space), volumes are
 * the VMDK disks on them. The address is the host's, as for the {@code esx} hypervisor driver ({@code esx://host/},
 * {@code vpx://vcenter/DC/CLUSTER/host}), so one ESX host can be added twice: as a hypervisor and as storage.
 */
@Component(service = {Driver.class, StorageDriver.class})
public final class EsxDatastoreDriver implements StorageDriver {

    static final String ID = "esx-datastore";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.STORAGE,
            "Strata",
            "0.1.0",
            "VMDK disks on the datastores of an ESX host (esx://host/, vpx://vcenter/DC/[CLUSTER/]host)",
            EnumSet.of(Capability.VOLUME_CREATE, Capability.VOLUME_CLONE),
            // Datastores hold VMDK disks (a raw one is made as a thin VMDK), named as ESX names them; datastore
            // names are the administrator's (spaces and all), so the platform's generic rule is enough for pools.
            Vocabulary.ANY
                    .withVolumeFormats("vmdk", "raw")
                    .withVolumeNames(new Vocabulary.NameRule(
                            "(?i)[^/\\p{Cc}]{1,250}\\.vmdk", "file names ending in .vmdk, without '/'")));

    private final EsxConnector connector = new EsxConnector();

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StorageSession open(Endpoint endpoint) {
        EsxConnector.Connected c = connector.connect(endpoint);
        return new EsxDatastoreSession(ID, c.vim(), c.place());
    }
}

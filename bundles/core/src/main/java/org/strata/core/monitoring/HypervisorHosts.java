package org.strata.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.strata.api.PageRequest;
import org.strata.core.drivers.DriverRegistry;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.spi.DriverKind;

/** The hosts whose driver, running now, is a hypervisor driver: what the samplers ask, page by page. */
final class HypervisorHosts {

    private HypervisorHosts() {}

    static List<StoredHost> of(HostStore hostStore, DriverRegistry drivers) {
        List<StoredHost> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<StoredHost> page = hostStore
                    .hosts(null, new PageRequest(offset, PageRequest.MAX_LIMIT))
                    .items();
            page.stream()
                    .filter(h -> drivers.descriptor(h.driverId())
                            .map(d -> d.kind() == DriverKind.HYPERVISOR)
                            .orElse(false))
                    .forEach(all::add);
            if (page.size() < PageRequest.MAX_LIMIT) {
                return all;
            }
            offset += page.size();
        }
    }
}

package org.strata.datacenter.ha;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.repository.HaStore;

/**
 * Keeps VMs off a cluster's failover hosts (admission control {@code FAILOVER_HOSTS}, docs/ha.md): placement,
 * balancing and evacuations never choose them; only HA's own restarts do, for the VMs it is placing now.
 */
@Component(service = {PlacementFilter.class, FailoverHostsFilter.class})
public final class FailoverHostsFilter implements PlacementFilter {

    private final HaStore store;
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();

    @Activate
    public FailoverHostsFilter(@Reference HaStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ha-failover-hosts";
    }

    @Override
    public String refuse(Candidate host, PlacementRequest vm) {
        if (host.clusterId() == null || (vm.vmId() != null && restarting.contains(vm.vmId()))) {
            return null;
        }
        ClusterHa ha = store.clusterHa(host.clusterId()).orElse(null);
        if (ha == null
                || !ha.enabled()
                || ha.admission() != Admission.FAILOVER_HOSTS
                || !ha.failoverHosts().contains(host.hostId())) {
            return null;
        }
        return "it is a failover host of its cluster: kept empty for HA restarts";
    }

    /** Lets HA place {@code vmId} on failover hosts until the returned handle is closed. */
    AutoCloseable restarting(String vmId) {
        restarting.add(vmId);
        return () -> restarting.remove(vmId);
    }
}

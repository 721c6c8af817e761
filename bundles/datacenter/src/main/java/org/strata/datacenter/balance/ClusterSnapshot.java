package org.strata.datacenter.balance;

import java.util.List;
import java.util.Objects;

/**
 * A cluster at one moment: its hosts (powered on or off) and its running VMs, with measured load. The planners read
 * it and never change it. Host and VM ids must be unique and every VM's host must be among the hosts: the planners
 * refuse a snapshot that breaks this with an {@link IllegalArgumentException} naming the offender.
 *
 * @param clusterId the cluster's id, for reasons and logs
 * @param hosts the hosts
 * @param vms the running VMs
 */
public record ClusterSnapshot(String clusterId, List<HostSnapshot> hosts, List<VmSnapshot> vms) {

    public ClusterSnapshot {
        Objects.requireNonNull(clusterId, "clusterId");
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
    }
}

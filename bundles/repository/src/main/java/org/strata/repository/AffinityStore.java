package org.strata.repository;

import java.util.List;
import java.util.Optional;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;

/**
 * Affinity and anti-affinity groups of a cluster's VMs (since 1.8). Each write is one transaction that checks, under
 * the cluster's row lock, that the group's VMs are the cluster's (INVALID) and that its must rules do not contradict
 * the cluster's other groups (CONFLICT). Deleting a VM removes its memberships; deleting a cluster, its groups.
 */
public interface AffinityStore {

    /** The cluster's groups by name; NOT_FOUND when there is no such cluster. */
    List<AffinityGroup> groups(String clusterId);

    /** The groups the VM is a member of. */
    List<AffinityGroup> groupsOfVm(String vmId);

    Optional<AffinityGroup> group(String id);

    AffinityGroup createGroup(String clusterId, AffinityGroupSpec spec, String principal);

    /** Null VMs or labels in the spec keep the group's. */
    AffinityGroup updateGroup(String id, AffinityGroupSpec spec, String principal);

    void deleteGroup(String id, String principal);

    /** Adding a member again changes nothing. */
    AffinityGroup addVm(String groupId, String vmId, String principal);

    /** Removing a VM that is not a member changes nothing. */
    AffinityGroup removeVm(String groupId, String vmId, String principal);
}

package org.strata.api.datacenter;

import java.util.List;
import org.strata.api.task.Task;
import org.strata.api.vm.VmSpec;

/**
 * Affinity and anti-affinity groups of a cluster's VMs (since 1.1). Methods throw {@link
 * org.strata.api.StrataException} only: INVALID for a VM outside the group's cluster or a kind or enforcement not
 * known, CONFLICT for must rules that contradict one another (two VMs that must be together and apart).
 */
public interface AffinityService {

    /** The cluster's groups, by name. */
    List<AffinityGroup> groups(String clusterId);

    /** NOT_FOUND unless the group exists and is the cluster's. */
    AffinityGroup group(String clusterId, String groupId);

    AffinityGroup createGroup(String clusterId, AffinityGroupSpec spec, String principal);

    AffinityGroup updateGroup(String clusterId, String groupId, AffinityGroupSpec spec, String principal);

    /** Its VMs stay where they are and become free of its rule. */
    void deleteGroup(String clusterId, String groupId, String principal);

    /** Adds an existing VM; CONFLICT when it would contradict a must rule. Adding a member again changes nothing. */
    AffinityGroup addVm(String clusterId, String groupId, String vmId, String principal);

    AffinityGroup removeVm(String clusterId, String groupId, String vmId, String principal);

    /**
     * Creates a VM as a member of the group, as {@code VmService.create} does (a null host: placement chooses one
     * obeying the group's rules, and every other group of the VM's; CONFLICT naming the group when no host can). The
     * task answered ends once the VM exists and is a member; its result is the VM's id.
     */
    Task createVm(String clusterId, String groupId, String hostId, String poolId, VmSpec spec, String principal);
}

package org.strata.api.vm;

import java.util.List;
import org.strata.api.task.Task;

/**
 * Templates and clones (since 2.3). A template is a stopped VM marked so (vCenter's "mark as template"): it cannot
 * be started, and it is what linked clones share disks with. Methods throw {@link org.strata.api.StrataException}
 * only.
 */
public interface TemplateService {

    /**
     * Marks a stopped VM as a template, or a template as a VM again ({@code template} false). 409 when the VM runs, or
     * when linked clones still use the template being unmarked (their disks read from its disks, which must not
     * change).
     */
    VirtualMachine markTemplate(String vmId, boolean template, String principal);

    /**
     * Clones a VM or deploys a template, as a task with progress whose {@code result} is the new VM's id; the clone is
     * left stopped, with new MAC addresses. A full clone copies every disk (of a running VM too: it is paused while its
     * disks are copied, for a crash-consistent copy); a linked clone shares the template's disks. The new VM counts
     * against its pool's quota like a create (409 naming what is missing).
     */
    Task clone(String vmId, CloneRequest request, String principal);

    /** The VMs whose disks read from this one's: its linked clones. */
    List<VirtualMachine> linkedClones(String vmId);
}

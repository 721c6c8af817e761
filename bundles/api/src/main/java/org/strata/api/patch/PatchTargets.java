package org.strata.api.patch;

import java.util.List;

/**
 * What a scan or a remediation covers. Empty lists everywhere: every VM, template and golden image of the baseline's
 * profile (scans only; a remediation names its targets).
 *
 * @param vmIds       VMs (running: through their agent; stopped: offline)
 * @param templateIds templates (offline)
 * @param imageIds    golden images (offline; patching leaves a new version)
 */
public record PatchTargets(List<String> vmIds, List<String> templateIds, List<String> imageIds) {
    public PatchTargets {
        vmIds = vmIds == null ? List.of() : List.copyOf(vmIds);
        templateIds = templateIds == null ? List.of() : List.copyOf(templateIds);
        imageIds = imageIds == null ? List.of() : List.copyOf(imageIds);
    }

    public boolean isEmpty() {
        return vmIds.isEmpty() && templateIds.isEmpty() && imageIds.isEmpty();
    }
}

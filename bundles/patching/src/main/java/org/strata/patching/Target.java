package org.strata.patching;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.os.OsImage;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.TargetKind;
import org.strata.api.vm.VirtualMachine;

/** One thing a scan or a remediation covers. */
record Target(TargetKind kind, String id) {

    /**
     * The targets as asked, each once, checked to exist (NOT_FOUND before any task); none asked: every VM and
     * template, and the golden images of the baseline's profile.
     */
    static List<Target> of(PatchTargets asked, Baseline baseline, Platform platform) {
        LinkedHashSet<Target> all = new LinkedHashSet<>();
        if (asked.isEmpty()) {
            for (VirtualMachine vm : allVms(platform)) {
                all.add(new Target(vm.template() ? TargetKind.TEMPLATE : TargetKind.VM, vm.id()));
            }
            for (OsImage image : platform.os().images()) {
                if (image.profileId().equals(baseline.profileId())) {
                    all.add(new Target(TargetKind.IMAGE, image.id()));
                }
            }
            return List.copyOf(all);
        }
        for (String id : asked.vmIds()) {
            platform.vms().vm(id);
            all.add(new Target(TargetKind.VM, id));
        }
        for (String id : asked.templateIds()) {
            if (!platform.vms().vm(id).template()) {
                throw org.strata.api.StrataException.invalid("VM " + id + " is not a template: name it among the VMs");
            }
            all.add(new Target(TargetKind.TEMPLATE, id));
        }
        for (String id : asked.imageIds()) {
            platform.os().image(id);
            all.add(new Target(TargetKind.IMAGE, id));
        }
        return List.copyOf(all);
    }

    private static List<VirtualMachine> allVms(Platform platform) {
        List<VirtualMachine> vms = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<VirtualMachine> page = platform.vms().vms(null, new PageRequest(offset, PageRequest.MAX_LIMIT));
            vms.addAll(page.items());
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return vms;
            }
        }
    }
}

package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchTargets;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.BaselineIdCompleter;
import org.strata.shell.completer.OsImageIdCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "patch-remediate",
        description = "Makes the named VMs, templates and golden images compliant with a baseline (running VMs through"
                + " their agent with a snapshot to roll back to, the rest offline on a copy) and waits for it")
@Service
public class PatchRemediate extends PatchTaskCommand {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "baseline", description = "The baseline", required = true)
    @Completion(BaselineIdCompleter.class)
    String baselineId;

    @Option(name = "--vm", multiValued = true, description = "A VM to patch; repeatable")
    @Completion(VmIdCompleter.class)
    List<String> vms;

    @Option(name = "--template", multiValued = true, description = "A template to patch; repeatable")
    @Completion(VmIdCompleter.class)
    List<String> templates;

    @Option(name = "--image", multiValued = true, description = "A golden image (gets a new version); repeatable")
    @Completion(OsImageIdCompleter.class)
    List<String> images;

    @Override
    Task start() {
        PatchTargets targets = Patch.targets(vms, templates, images);
        if (targets.isEmpty()) {
            throw StrataException.invalid("name what to patch: --vm, --template or --image");
        }
        return Layer.patching(patching).remediate(baselineId, targets, ShellPrincipal.current());
    }
}

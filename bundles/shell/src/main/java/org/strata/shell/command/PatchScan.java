package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.patch.PatchService;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.BaselineIdCompleter;
import org.strata.shell.completer.OsImageIdCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "patch-scan",
        description = "Scans VMs, templates and golden images against a baseline (running VMs through their agent,"
                + " the rest offline; none named: everything of the baseline's profile), waits for it and prints the"
                + " report")
@Service
public class PatchScan extends PatchTaskCommand {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "baseline", description = "The baseline", required = true)
    @Completion(BaselineIdCompleter.class)
    String baselineId;

    @Option(name = "--vm", multiValued = true, description = "A VM to scan; repeatable")
    @Completion(VmIdCompleter.class)
    List<String> vms;

    @Option(name = "--template", multiValued = true, description = "A template (a VM marked as one); repeatable")
    @Completion(VmIdCompleter.class)
    List<String> templates;

    @Option(name = "--image", multiValued = true, description = "A golden image; repeatable")
    @Completion(OsImageIdCompleter.class)
    List<String> images;

    @Override
    Task start() {
        return Layer.patching(patching)
                .scan(baselineId, Patch.targets(vms, templates, images), ShellPrincipal.current());
    }

    @Override
    void finished(Task task) {
        PatchCompliance.table(patching.compliance(baselineId)).print(out());
    }
}

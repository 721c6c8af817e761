package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.BaselineIdCompleter;
import org.strata.shell.completer.OsImageIdCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "patch-window-add",
        description = "Creates a patch window in which Strata remediates against a baseline by itself, one host's VMs"
                + " at a time; --start and --end are Quartz cron expressions (quote them: '0 0 22 ? * SAT'); prints"
                + " its id and next opening")
@Service
public class PatchWindowAdd extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "name", description = "Unique among patch windows", required = true)
    String name;

    @Option(name = "--baseline", aliases = "-b", description = "The baseline it remediates against", required = true)
    @Completion(BaselineIdCompleter.class)
    String baselineId;

    @Option(
            name = "--start",
            description = "When it opens, a Quartz cron expression in quotes: '0 0 22 ? * SAT'",
            required = true)
    String start;

    @Option(
            name = "--end",
            description = "When it closes, a Quartz cron expression in quotes, at most a week after it opens:"
                    + " '0 0 4 ? * SUN'",
            required = true)
    String end;

    @Option(name = "--zone", description = "The time zone both are read in (Europe/Paris; default UTC)")
    String zone;

    @Option(name = "--batch", description = "VMs of one host patched at once (1 to 100, default 1)")
    Integer batchSize;

    @Option(name = "--vm", multiValued = true, description = "A VM to patch; repeatable")
    @Completion(VmIdCompleter.class)
    List<String> vms;

    @Option(name = "--template", multiValued = true, description = "A template to patch; repeatable")
    @Completion(VmIdCompleter.class)
    List<String> templates;

    @Option(
            name = "--image",
            multiValued = true,
            description = "A golden image to patch (gets a new version); repeatable. No --vm, --template or --image:"
                    + " every target the baseline's last scan found non-compliant")
    @Completion(OsImageIdCompleter.class)
    List<String> images;

    @Override
    protected void run() {
        PatchWindow w = Layer.patching(patching)
                .createWindow(
                        new PatchWindowSpec(
                                name, baselineId, Patch.targets(vms, templates, images), start, end, zone, batchSize),
                        ShellPrincipal.current());
        out().println("Patch window " + w.name() + " created: " + w.id() + ", opens next "
                + (w.nextOpening() == null ? "never" : "at " + Output.time(w.nextOpening())) + " (" + w.zone() + ")");
    }
}

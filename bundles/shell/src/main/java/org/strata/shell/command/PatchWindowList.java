package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchWindow;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "patch-window-list",
        description = "Lists the patch windows: when each opens and closes (cron in its zone), its batch size, when it"
                + " opens next and the task of its last run")
@Service
public class PatchWindowList extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        for (String c : new String[] {
            "ID", "Name", "Baseline", "Start", "End", "Zone", "Batch", "Targets", "Next opening", "Last task"
        }) {
            table.column(c);
        }
        for (PatchWindow w : Layer.patching(patching).windows()) {
            table.addRow()
                    .addContent(
                            w.id(),
                            w.name(),
                            w.baselineId(),
                            w.start(),
                            w.end(),
                            w.zone(),
                            w.batchSize(),
                            targets(w),
                            w.nextOpening() == null ? "never" : Output.time(w.nextOpening()),
                            w.lastTaskId() == null ? "-" : w.lastTaskId());
        }
        table.print(out());
    }

    /** Named targets are counted; none named means what the baseline's last scan found non-compliant. */
    private static String targets(PatchWindow w) {
        if (w.targets() == null || w.targets().isEmpty()) {
            return "non-compliant at last scan";
        }
        int vms = w.targets().vmIds().size();
        int templates = w.targets().templateIds().size();
        int images = w.targets().imageIds().size();
        StringBuilder s = new StringBuilder();
        if (vms > 0) {
            s.append(vms).append(vms == 1 ? " VM" : " VMs");
        }
        if (templates > 0) {
            s.append(s.length() > 0 ? ", " : "").append(templates).append(templates == 1 ? " template" : " templates");
        }
        if (images > 0) {
            s.append(s.length() > 0 ? ", " : "").append(images).append(images == 1 ? " image" : " images");
        }
        return s.toString();
    }
}

package org.strata.shell.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.VmSnapshot;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-snapshot-list",
        description = "Shows a virtual machine's snapshots as a tree; '*' marks the one it runs on top of")
@Service
public class VmSnapshotList extends StrataAction {

    @Reference
    SnapshotService snapshots;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        List<VmSnapshot> all = snapshots.snapshots(id);
        if (all.isEmpty()) {
            out().println("VM " + id + " has no snapshots");
            return;
        }
        // Parents come before their children: each one's depth is its parent's plus one.
        Map<String, Integer> depth = new HashMap<>();
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("State");
        table.column("Memory");
        table.column("Quiesced");
        table.column("Created");
        table.column("Description");
        for (VmSnapshot s : all) {
            int d = s.parent() == null ? 0 : depth.getOrDefault(s.parent(), 0) + 1;
            depth.put(s.name(), d);
            table.addRow()
                    .addContent(
                            "  ".repeat(d) + s.name() + (s.current() ? " *" : ""),
                            s.state(),
                            s.withMemory() ? "yes" : "no",
                            s.quiesced() ? "yes" : "no",
                            s.created() == null ? "" : s.created(),
                            s.description() == null ? "" : s.description());
        }
        table.print(out());
    }
}

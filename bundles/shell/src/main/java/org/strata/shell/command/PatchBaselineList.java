package org.strata.shell.command;

import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "patch-baseline-list",
        description = "Lists the patch baselines: per OS profile, packages with minimum versions or everything in a"
                + " repository")
@Service
public class PatchBaselineList extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        for (String c : new String[] {"ID", "Name", "Profile", "Repository", "Requires", "Updated"}) {
            table.column(c);
        }
        for (Baseline b : Layer.patching(patching).baselines()) {
            String packages = b.packages().stream()
                    .map(p -> p.minimumVersion() == null ? p.name() : p.name() + ">=" + p.minimumVersion())
                    .collect(Collectors.joining(", "));
            String requires = b.everythingInRepository()
                    ? (packages.isEmpty() ? "all in repository" : "all in repository, " + packages)
                    : packages;
            table.addRow()
                    .addContent(b.id(), b.name(), b.profileId(), b.repositoryId(), requires, Output.time(b.updated()));
        }
        table.print(out());
    }
}

package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.ComplianceCsv;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.BaselineIdCompleter;

@Command(
        scope = "strata",
        name = "patch-compliance",
        description = "The compliance report of a baseline: each target's verdict at its last scan and what it lacks")
@Service
public class PatchCompliance extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "baseline", description = "The baseline", required = true)
    @Completion(BaselineIdCompleter.class)
    String baselineId;

    @Option(name = "--csv", description = "Print CSV (a header line, one line per target) instead of a table")
    boolean csv;

    @Override
    protected void run() {
        List<Compliance> report = Layer.patching(patching).compliance(baselineId);
        if (csv) {
            out().print(ComplianceCsv.write(report));
            return;
        }
        table(report).print(out());
    }

    static ShellTable table(List<Compliance> report) {
        ShellTable table = new ShellTable();
        for (String c :
                new String[] {"Kind", "ID", "Name", "Status", "Read", "Missing (installed->required)", "Scanned"}) {
            table.column(c);
        }
        for (Compliance c : report) {
            String missing = ComplianceCsv.missing(c.missing());
            table.addRow()
                    .addContent(
                            Patch.word(c.targetKind()),
                            c.targetId(),
                            Output.text(c.targetName()),
                            c.status(),
                            Output.text(c.method()),
                            c.reason() != null ? c.reason() : missing,
                            Output.time(c.scanned()));
        }
        return table;
    }
}

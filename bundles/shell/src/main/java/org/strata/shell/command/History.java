package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.history.HistoryEntry;
import org.strata.api.history.HistoryService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;

@Command(
        scope = "strata",
        name = "history",
        description = "Lists changes to the configuration, newest first: who changed what, and when")
@Service
public class History extends PagedAction {

    @Reference
    HistoryService historyService;

    @Option(
            name = "--type",
            aliases = "-t",
            description = "Only changes to objects of this type (as shown in the Type column)")
    String entityType;

    @Option(name = "--id", description = "Only changes to the object with this id")
    String entityId;

    @Override
    protected void run() {
        Page<HistoryEntry> page = historyService.history(entityType, entityId, page());
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Time");
        table.column("Principal");
        table.column("Action");
        table.column("Type");
        table.column("Entity");
        for (HistoryEntry h : page.items()) {
            table.addRow()
                    .addContent(
                            h.id(),
                            Output.time(h.time()),
                            Output.text(h.principal()),
                            Output.text(h.action()),
                            Output.text(h.entityType()),
                            Output.text(h.entityId()));
        }
        print(table, page);
    }
}

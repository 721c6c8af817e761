package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.event.Event;
import org.strata.api.event.EventService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "event-list",
        description = "Lists events, newest first, all or those about one subject")
@Service
public class EventList extends PagedAction {

    @Reference
    EventService eventService;

    @Option(name = "--subject", description = "Only events about the object with this id (a host, a driver...)")
    @Completion(HostIdCompleter.class)
    String subjectId;

    @Override
    protected void run() {
        Page<Event> page = eventService.events(subjectId, page());
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Time");
        table.column("Severity");
        table.column("Type");
        table.column("Subject");
        table.column("Message").maxSize(80);
        for (Event e : page.items()) {
            table.addRow()
                    .addContent(
                            e.id(),
                            Output.time(e.time()),
                            Output.text(e.severity()),
                            Output.text(e.type()),
                            Output.target(e.subjectType(), e.subjectId()),
                            Output.text(e.message()));
        }
        print(table, page);
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.os.OsService;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningStep;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.ProvisioningIdCompleter;

@Command(
        scope = "strata",
        name = "provisioning-info",
        description = "Shows a provisioning: its state, and each step Strata took and each callback it received")
@Service
public class ProvisioningInfo extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Argument(index = 0, name = "id", description = "The provisioning, as provisioning-list shows it", required = true)
    @Completion(ProvisioningIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Provisioning p = Layer.os(os).provisioning(id);
        ShellTable details = Output.details();
        Output.detail(details, "ID", p.id());
        Output.detail(details, "Target", Output.target(p.targetType(), p.targetId()));
        Output.detail(details, "Hostname", p.hostname());
        Output.detail(details, "Profile", p.profileId());
        Output.detail(details, "Method", Ha.word(p.method()));
        Output.detail(details, "State", p.state());
        Output.detail(details, "Message", p.message());
        Output.detail(details, "Task", p.taskId());
        Output.detail(details, "Created", Output.time(p.created()));
        Output.detail(details, "Ended", Output.time(p.ended()));
        details.print(out());
        if (p.steps().isEmpty()) {
            return;
        }
        out().println();
        ShellTable steps = new ShellTable();
        steps.column("At");
        steps.column("Step");
        steps.column("Detail");
        for (ProvisioningStep s : p.steps()) {
            steps.addRow().addContent(Output.time(s.at()), s.step(), Output.text(s.detail()));
        }
        steps.print(out());
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;
import org.strata.api.health.HealthService;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "health",
        description =
                "Shows whether Strata is ready, and the state of its" + " repository, task runner, start and drivers")
@Service
public class HealthCommand extends StrataAction {

    @Reference
    HealthService healthService;

    @Override
    protected void run() {
        Health health = healthService.health();
        out().println("Strata is " + (health.ready() ? "ready" : "NOT ready") + " (" + health.status() + ")");
        ShellTable table = new ShellTable();
        table.column("Check");
        table.column("Status");
        table.column("Required");
        table.column("Detail");
        for (HealthCheck c : health.checks()) {
            table.addRow().addContent(c.name(), c.status(), c.required() ? "yes" : "no", Output.text(c.detail()));
        }
        table.print(out());
    }
}

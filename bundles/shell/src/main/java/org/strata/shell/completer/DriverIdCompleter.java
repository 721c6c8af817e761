package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;

/** Ids of the running drivers. */
@Service
public class DriverIdCompleter implements Completer {

    @Reference
    DriverService driverService;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> driverService.drivers().stream()
                        .map(DriverInfo::id)
                        .limit(Candidates.CAP)
                        .toList());
    }
}

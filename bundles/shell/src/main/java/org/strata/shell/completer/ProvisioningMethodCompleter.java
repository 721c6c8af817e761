package org.strata.shell.completer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.strata.api.os.ProvisioningMethod;

/** The provisioning methods, for {@code provision --method}, as the shell writes them (network-install, ...). */
@Service
public class ProvisioningMethodCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(
            Arrays.stream(ProvisioningMethod.values())
                    .map(m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList(),
            false);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}

package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.PageRequest;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;

/** Ids of the virtual machines in the inventory: one page read, so cheap even with many hosts. */
@Service
public class VmIdCompleter implements Completer {

    @Reference
    VmService vms;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> vms.vms(null, new PageRequest(0, Candidates.CAP)).items().stream()
                        .map(VirtualMachine::id)
                        .toList());
    }
}

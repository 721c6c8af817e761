package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VirtualMachine;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-template",
        description = "Marks a stopped virtual machine as a template, or with --unmark a template as a VM again")
@Service
public class VmTemplate extends StrataAction {

    @Reference
    TemplateService templates;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Option(name = "--unmark", description = "Make the template a VM again (refused while linked clones use it)")
    boolean unmark;

    @Override
    protected void run() {
        VirtualMachine vm = templates.markTemplate(id, !unmark, ShellPrincipal.current());
        out().println("VM " + vm.name() + (vm.template() ? " is a template" : " is no longer a template"));
    }
}

package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PatchService;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.TargetKindCompleter;

@Command(
        scope = "strata",
        name = "software",
        description = "The packages installed in a VM, template or golden image, as last read; --read reads them now"
                + " (a running VM through its agent, the rest offline) and waits")
@Service
public class Software extends PatchTaskCommand {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "kind", description = "vm, template or image", required = true)
    @Completion(TargetKindCompleter.class)
    String kind;

    @Argument(index = 1, name = "id", description = "The VM, template or image", required = true)
    String id;

    @Option(name = "--read", description = "Read the software now (a task) before showing it")
    boolean read;

    @Override
    protected void run() throws InterruptedException {
        Patch.kind(kind); // a bad kind is refused before anything starts
        if (read) {
            super.run();
            return;
        }
        show();
    }

    @Override
    Task start() {
        return Layer.patching(patching).readSoftware(Patch.kind(kind), id, ShellPrincipal.current());
    }

    @Override
    void finished(Task task) {
        show();
    }

    private void show() {
        InstalledSoftware s = Layer.patching(patching).software(Patch.kind(kind), id);
        out().println(Patch.word(s.targetKind()) + " " + s.targetId() + ": " + Output.text(s.os()) + " (family "
                + Output.text(s.family()) + "), read " + s.method() + " at " + Output.time(s.read()) + ", "
                + s.packages().size() + " packages");
        ShellTable table = new ShellTable();
        table.column("Package");
        table.column("Version");
        table.column("Arch");
        for (InstalledSoftware.SoftwarePackage p : s.packages()) {
            table.addRow().addContent(p.name(), p.version(), Output.text(p.architecture()));
        }
        table.print(out());
    }
}

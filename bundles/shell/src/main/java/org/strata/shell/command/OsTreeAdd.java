package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.OsProfileIdCompleter;

@Command(
        scope = "strata",
        name = "os-tree-add",
        description = "Registers an install tree: a folder on the Strata node with a profile's network-boot files (the"
                + " Debian netboot installer, a RHEL DVD's tree, a Windows PE); prints its id and file count")
@Service
public class OsTreeAdd extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Argument(index = 0, name = "name", description = "The tree's name, unique among trees", required = true)
    String name;

    @Argument(index = 1, name = "path", description = "The folder's absolute path on the Strata node", required = true)
    String path;

    @Option(name = "--profile", description = "The OS profile it installs", required = true)
    @Completion(OsProfileIdCompleter.class)
    String profileId;

    @Override
    protected void run() {
        InstallTree tree =
                Layer.os(os).registerInstallTree(new InstallTreeSpec(name, profileId, path), ShellPrincipal.current());
        out().println("Install tree " + tree.name() + " registered (" + tree.files() + " files): " + tree.id());
    }
}

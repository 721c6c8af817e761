package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "patch-repo-add",
        description = "Adds a package repository: Strata's own (without --url: it serves the packages uploaded to it)"
                + " or an external one guests are pointed at; prints its id")
@Service
public class PatchRepoAdd extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(
            index = 0,
            name = "name",
            description = "Unique: letters, digits, dots, dashes, underscores",
            required = true)
    String name;

    @Option(name = "--family", description = "The OS family of its packages (debian, rhel)", required = true)
    String family;

    @Option(name = "--url", description = "An external repository's URL (http or https), as guests reach it")
    String url;

    @Option(name = "--suite", description = "An external Debian repository's suite (bookworm-security)")
    String suite;

    @Option(name = "--component", multiValued = true, description = "An external Debian repository's component")
    List<String> components;

    @Override
    protected void run() {
        PackageRepository r = Layer.patching(patching)
                .createRepository(
                        new PackageRepositorySpec(name, family, url, suite, components), ShellPrincipal.current());
        out().println("Repository " + r.name() + " added (" + (r.local() ? "local" : "external")
                + ", guests reach it at " + r.url() + "): " + r.id());
    }
}

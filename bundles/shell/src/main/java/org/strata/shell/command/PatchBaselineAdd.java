package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.OsProfileIdCompleter;
import org.strata.shell.completer.PatchRepositoryIdCompleter;

@Command(
        scope = "strata",
        name = "patch-baseline-add",
        description = "Creates a patch baseline for an OS profile: packages as name>=version (or a bare name for any"
                + " version), or --all-in-repository, or both; prints its id")
@Service
public class PatchBaselineAdd extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "name", description = "Unique among baselines", required = true)
    String name;

    @Argument(
            index = 1,
            name = "packages",
            description = "Required packages: name>=version, or name for any version (quote the >=)",
            multiValued = true)
    List<String> packages;

    @Option(
            name = "--profile",
            aliases = "-p",
            description = "The OS profile whose guests it applies to",
            required = true)
    @Completion(OsProfileIdCompleter.class)
    String profileId;

    @Option(
            name = "--repository",
            aliases = "-r",
            description = "The repository remediation installs from",
            required = true)
    @Completion(PatchRepositoryIdCompleter.class)
    String repositoryId;

    @Option(
            name = "--all-in-repository",
            description = "Every package of the repository a guest has must be at the repository's newest version")
    boolean allInRepository;

    @Override
    protected void run() {
        List<BaselinePackage> required = packages == null
                ? List.of()
                : packages.stream().map(Patch::requirement).toList();
        if (required.isEmpty() && !allInRepository) {
            throw StrataException.invalid("name packages (name>=version) or give --all-in-repository");
        }
        Baseline b = Layer.patching(patching)
                .createBaseline(
                        new BaselineSpec(name, profileId, repositoryId, allInRepository, required),
                        ShellPrincipal.current());
        out().println("Baseline " + b.name() + " created: " + b.id());
    }
}

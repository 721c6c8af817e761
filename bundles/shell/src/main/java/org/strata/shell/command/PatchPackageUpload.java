package org.strata.shell.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.RepositoryPackage;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.NodeFileCompleter;
import org.strata.shell.completer.PatchRepositoryIdCompleter;

@Command(
        scope = "strata",
        name = "patch-package-upload",
        description = "Adds a package file on this node (a .deb) to a local repository, which regenerates its index")
@Service
public class PatchPackageUpload extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "repository", description = "The local repository", required = true)
    @Completion(PatchRepositoryIdCompleter.class)
    String repositoryId;

    @Argument(index = 1, name = "file", description = "The package file, a path on the Strata node", required = true)
    @Completion(NodeFileCompleter.class)
    String file;

    @Override
    protected void run() throws IOException {
        PatchService service = Layer.patching(patching);
        Path path = path(file);
        RepositoryPackage p;
        try (InputStream in = Files.newInputStream(path)) {
            p = service.uploadPackage(repositoryId, in, ShellPrincipal.current());
        }
        out().println("Package " + p.name() + " " + p.version() + " (" + p.architecture() + ") added to " + repositoryId
                + ": " + p.fileName() + ", " + p.size() + " bytes, SHA-256 " + p.sha256());
    }

    /** A readable regular file, or INVALID saying what it is instead (never an I/O stack trace). */
    private static Path path(String given) {
        Path path;
        try {
            path = Path.of(given);
        } catch (InvalidPathException e) {
            throw StrataException.invalid("'" + given + "' is not a path");
        }
        if (!Files.exists(path)) {
            throw StrataException.invalid("there is no file " + path + " on this node");
        }
        if (!Files.isRegularFile(path)) {
            throw StrataException.invalid(path + " is not a file");
        }
        if (!Files.isReadable(path)) {
            throw StrataException.invalid(path + " cannot be read");
        }
        return path;
    }
}

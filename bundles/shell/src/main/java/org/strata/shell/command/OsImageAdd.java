package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.OsProfileIdCompleter;

@Command(
        scope = "strata",
        name = "os-image-add",
        description = "Registers a golden image: a volume of a storage host holding a bootable disk of a profile's OS"
                + " (for NAS boot also its kernel, initrd and NFS root); prints its id")
@Service
public class OsImageAdd extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Argument(index = 0, name = "name", description = "The image's name, unique among images", required = true)
    String name;

    @Option(name = "--profile", description = "The OS profile it is an image of", required = true)
    @Completion(OsProfileIdCompleter.class)
    String profileId;

    @Option(name = "--storage-host", description = "The storage host whose pool holds it", required = true)
    @Completion(HostIdCompleter.class)
    String storageHostId;

    @Option(name = "--pool", description = "The pool on that host", required = true)
    String pool;

    @Option(name = "--volume", description = "The volume in that pool", required = true)
    String volume;

    @Option(name = "--kernel", description = "For NAS boot: the image's kernel, an absolute path on the Strata node")
    String kernel;

    @Option(name = "--initrd", description = "For NAS boot: the image's initrd, an absolute path on the Strata node")
    String initrd;

    @Option(name = "--nfs-root", description = "For NAS boot: the NFS export (server:/path) holding its root")
    String nfsRoot;

    @Override
    protected void run() {
        OsImage image = Layer.os(os)
                .registerImage(
                        new OsImageSpec(name, profileId, storageHostId, pool, volume, kernel, initrd, nfsRoot),
                        ShellPrincipal.current());
        out().println("OS image " + image.name() + " registered: " + image.id());
    }
}

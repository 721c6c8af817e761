package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.VolumeImport;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "volume-import",
        description =
                "Converts an image made by another product (VMDK, VHD) on the storage host into a new volume; prints the task")
@Service
public class VolumeImportCommand extends TaskCommand {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(
            index = 1,
            name = "pool",
            description = "The storage pool, as storage-pool-list shows it",
            required = true)
    String pool;

    @Argument(index = 2, name = "name", description = "The new volume's name", required = true)
    String name;

    @Argument(index = 3, name = "sourcePath", description = "The image file on the storage host", required = true)
    String sourcePath;

    @Option(name = "--source-format", description = "vmdk, vhdx, vpc, qcow2 or raw (default: detected)")
    String sourceFormat;

    @Option(name = "--format", description = "The new volume's format: qcow2 (default) or raw")
    String format;

    @Override
    Task start() {
        return storage.importVolume(
                hostId, new VolumeImport(pool, name, sourcePath, sourceFormat, format), ShellPrincipal.current());
    }
}

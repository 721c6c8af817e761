package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.StrataException;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.VolumeSnapshot;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "volume-snapshot",
        description = "Lists a volume's snapshots, or takes (--take), reverts to (--revert) or deletes (--delete) one;"
                + " a change prints its task")
@Service
public class VolumeSnapshotCommand extends TaskCommand {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "pool", description = "The pool", required = true)
    String pool;

    @Argument(index = 2, name = "volume", description = "The volume", required = true)
    String volume;

    @Option(name = "--take", description = "Take a snapshot with this name")
    String take;

    @Option(name = "--revert", description = "Put the volume back as it was at this snapshot")
    String revert;

    @Option(name = "--delete", description = "Delete this snapshot")
    String delete;

    @Override
    protected void run() throws InterruptedException {
        int asked = (take == null ? 0 : 1) + (revert == null ? 0 : 1) + (delete == null ? 0 : 1);
        if (asked > 1) {
            throw StrataException.invalid("give one of --take, --revert and --delete");
        }
        if (asked == 1) {
            super.run();
            return;
        }
        List<VolumeSnapshot> all = storage.volumeSnapshots(hostId, pool, volume);
        if (all.isEmpty()) {
            out().println("Volume " + pool + "/" + volume + " has no snapshots");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Created");
        table.column("Size");
        for (VolumeSnapshot s : all) {
            table.addRow()
                    .addContent(
                            s.name(),
                            s.created() == null ? "" : s.created(),
                            s.sizeBytes() == null ? "" : s.sizeBytes());
        }
        table.print(out());
    }

    @Override
    Task start() {
        String who = ShellPrincipal.current();
        if (take != null) {
            return storage.snapshotVolume(hostId, pool, volume, take, who);
        }
        if (revert != null) {
            return storage.revertVolume(hostId, pool, volume, revert, who);
        }
        return storage.deleteVolumeSnapshot(hostId, pool, volume, delete, who);
    }
}

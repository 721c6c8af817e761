package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-disk-attach",
        description = "Attaches a disk image, volume or ISO to a virtual machine, running or stopped; prints the task")
@Service
public class VmDiskAttach extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(index = 1, name = "source", description = "The image or volume path on the host", required = true)
    String source;

    @Option(name = "--format", description = "qcow2 or raw (default raw)")
    String format;

    @Option(name = "--bus", description = "virtio (default), sata, scsi, ide, xen")
    String bus;

    @Option(name = "--target", description = "Device name in the guest, e.g. vdb (default: chosen by the driver)")
    String target;

    @Option(name = "--cdrom", description = "Attach as a CD-ROM drive (read-only)")
    boolean cdrom;

    @Option(name = "--read-only", description = "The guest may only read the disk")
    boolean readOnly;

    @Override
    Task start() {
        VmDisk disk = new VmDisk(cdrom ? "cdrom" : "disk", source, format, bus, target, readOnly || cdrom);
        return vms.attachDisk(id, disk, ShellPrincipal.current());
    }
}

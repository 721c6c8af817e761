package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.hardware.HardwareService;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.BootDeviceCompleter;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "hw-boot",
        description =
                "Sets the device a bare-metal machine boots from next (or always, with --persistent); prints the task")
@Service
public class HwBoot extends TaskCommand {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "device", description = "pxe, disk, cdrom or bios", required = true)
    @Completion(BootDeviceCompleter.class)
    String device;

    @Option(name = "--persistent", description = "For every boot, not only the next one")
    boolean persistent;

    @Override
    Task start() {
        return hardware.bootDevice(
                hostId,
                Hardware.oneOf("device", device, BootDeviceCompleter.DEVICES),
                persistent,
                ShellPrincipal.current());
    }
}

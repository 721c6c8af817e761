package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.hardware.HardwareService;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "hw-firmware",
        description =
                "Updates a bare-metal machine's BMC firmware from an image file on the Strata host; prints the task")
@Service
public class HwFirmware extends TaskCommand {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "image", description = "The firmware image file on the Strata host", required = true)
    String image;

    @Override
    Task start() {
        return hardware.updateFirmware(hostId, image, ShellPrincipal.current());
    }
}

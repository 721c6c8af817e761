package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The boot devices of {@code hw-boot}. */
@Service
public class BootDeviceCompleter implements Completer {

    /** What HardwareService.bootDevice accepts. */
    public static final List<String> DEVICES = List.of("pxe", "disk", "cdrom", "bios");

    private final StringsCompleter delegate = new StringsCompleter(DEVICES);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}

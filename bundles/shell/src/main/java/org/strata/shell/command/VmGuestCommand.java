package org.strata.shell.command;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmService;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

/**
 * What a running VM's guest agent reports: its OS, host name, time zone and logged-in users as properties, then its
 * interfaces with their addresses, then its file systems with size, use and use %. A guest whose agent does not answer is not a failure: one line says why. Like {@code vm-consoles}, for
 * platform users (not tenant-scoped).
 */
@Command(
        scope = "strata",
        name = "vm-guest",
        description = "Shows what a running virtual machine's guest agent reports: OS, host name, time zone, users, IP"
                + " addresses, file systems")
@Service
public class VmGuestCommand extends StrataAction {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        VmGuest guest = vms.guest(id);
        if (!guest.agentRunning()) {
            out().println("no guest agent answers: " + guest.reason());
            return;
        }
        ShellTable details = Output.details();
        VmGuest.GuestOs os = guest.os();
        if (os != null) {
            Output.detail(details, "OS", os.prettyName() != null ? os.prettyName() : os.name());
            Output.detail(details, "OS id", os.id());
            Output.detail(details, "Version", os.version());
            Output.detail(details, "Kernel", os.kernel());
            Output.detail(details, "Machine", os.machine());
        } else {
            Output.detail(details, "OS", "(the agent does not report it)");
        }
        Output.detail(details, "Host name", guest.hostname());
        Output.detail(details, "Time zone", timezone(guest.timezone()));
        Output.detail(
                details,
                "Users",
                guest.users().isEmpty()
                        ? "(none logged in)"
                        : guest.users().stream()
                                .map(u -> (u.domain() == null ? "" : u.domain() + "\\")
                                        + u.name()
                                        + (u.loginTime() == null ? "" : " since " + Output.time(u.loginTime())))
                                .collect(Collectors.joining(", ")));
        details.print(out());
        out().println();
        if (guest.interfaces().isEmpty()) {
            out().println("The agent reports no network interfaces.");
        } else {
            ShellTable interfaces = new ShellTable();
            interfaces.column("Interface");
            interfaces.column("MAC");
            interfaces.column("Addresses");
            for (VmGuest.GuestInterface nic : guest.interfaces()) {
                interfaces
                        .addRow()
                        .addContent(
                                nic.name(),
                                Output.text(nic.mac()),
                                nic.addresses().stream()
                                        .map(a -> a.address() + "/" + a.prefix())
                                        .collect(Collectors.joining(", ")));
            }
            interfaces.print(out());
        }
        out().println();
        if (guest.fileSystems().isEmpty()) {
            out().println("The agent reports no file systems.");
            return;
        }
        ShellTable fileSystems = new ShellTable();
        fileSystems.column("Mount point");
        fileSystems.column("Type");
        fileSystems.column("Size").alignRight();
        fileSystems.column("Used").alignRight();
        fileSystems.column("Use %").alignRight();
        for (VmGuest.GuestFileSystem fs : guest.fileSystems()) {
            fileSystems
                    .addRow()
                    .addContent(
                            fs.mountpoint(),
                            fs.type(),
                            bytes(fs.totalBytes()),
                            bytes(fs.usedBytes()),
                            fs.usedPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", fs.usedPercent()));
        }
        fileSystems.print(out());
    }

    /** "UTC", "CET (UTC+01:00)", "UTC-05:00" for a zone without a name; "-" for none. */
    static String timezone(VmGuest.GuestTimezone tz) {
        if (tz == null) {
            return "-";
        }
        int offset = tz.offsetSeconds();
        String utc = offset == 0
                ? "UTC"
                : String.format(
                        Locale.ROOT,
                        "UTC%s%02d:%02d",
                        offset < 0 ? "-" : "+",
                        Math.abs(offset) / 3600,
                        Math.abs(offset) % 3600 / 60);
        if (tz.name() == null || tz.name().equals(utc)) {
            return utc;
        }
        return tz.name() + " (" + utc + ")";
    }

    /** Binary units with one decimal, as df -h shows them; "-" when unknown. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

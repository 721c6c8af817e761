package org.strata.shell.command;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.monitor.GuestSample;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.VmIdCompleter;

/**
 * What the guest sampler last learned of a VM's guest, from memory: the agent's state, OS, host name and addresses as
 * properties, then the file systems with their use now and at the last rounds. Like {@code vm-guest}, for platform
 * users (not tenant-scoped).
 */
@Command(
        scope = "strata",
        name = "vm-guest-sample",
        description = "Shows what the guest sampler last learned of a VM's guest: agent, OS, addresses, file systems")
@Service
public class VmGuestSampleCommand extends StrataAction {

    /** Recent uses shown per file system: the ring may hold an hour, a line holds a few. */
    private static final int RECENT_SHOWN = 5;

    @Reference
    GuestMonitoring guests;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Override
    protected void run() {
        GuestSample sample = guests.sample(id);
        if (sample.at() == null) {
            out().println("not sampled: " + sample.reason());
            return;
        }
        ShellTable details = Output.details();
        Output.detail(details, "Sampled", Output.time(sample.at()));
        Output.detail(
                details,
                "Agent",
                sample.agentRunning()
                        ? "answers"
                        : "no answer for " + sample.silentRounds() + " round(s): " + sample.reason());
        Output.detail(details, "Last answer", Output.time(sample.answeredAt()));
        Output.detail(details, "OS", sample.os());
        Output.detail(details, "Kernel", sample.kernel());
        Output.detail(details, "Host name", sample.hostname());
        Output.detail(details, "Addresses", String.join(", ", sample.addresses()));
        details.print(out());
        if (sample.fileSystems().isEmpty()) {
            return;
        }
        out().println();
        ShellTable table = new ShellTable();
        table.column("Mount point");
        table.column("Type");
        table.column("Size (GiB)").alignRight();
        table.column("Used %").alignRight();
        table.column("Full");
        table.column("Recent %");
        for (GuestSample.GuestFileSystem fs : sample.fileSystems()) {
            table.addRow()
                    .addContent(
                            fs.mountpoint(),
                            Output.text(fs.type()),
                            fs.totalBytes() < 0
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.1f", fs.totalBytes() / 1073741824.0),
                            fs.usedPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", fs.usedPercent()),
                            fs.full() ? "FULL" : "",
                            fs.recent().stream()
                                    .skip(Math.max(0, fs.recent().size() - RECENT_SHOWN))
                                    .map(u -> String.format(Locale.ROOT, "%.0f", u.usedPercent()))
                                    .collect(Collectors.joining(" ")));
        }
        table.print(out());
    }
}

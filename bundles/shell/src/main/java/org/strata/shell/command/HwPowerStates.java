package org.strata.shell.command;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

/**
 * The power state of many machines at once, their BMCs asked together; each line is printed as its BMC answers,
 * so a sweep of a rack shows progress rather than a pause. Not a table: a table waits for its last row.
 */
@Command(
        scope = "strata",
        name = "hw-power-states",
        description = "Shows the power state of many bare-metal machines, their BMCs asked at once: the named"
                + " ones, a datacenter's, or all")
@Service
public class HwPowerStates extends StrataAction {

    @Reference
    HardwareService hardware;

    @Option(name = "--datacenter", description = "Without hosts: only the machines of this datacenter (id)")
    String datacenterId;

    @Option(
            name = "--timeout",
            description = "Seconds to wait for the BMCs (1-300, default 30); a machine not answered by then is"
                    + " shown as UNREACHABLE")
    Integer timeoutSeconds;

    @Argument(
            index = 0,
            name = "hosts",
            description = "Host ids of the machines (none: the datacenter's, or every machine)",
            multiValued = true)
    @Completion(HostIdCompleter.class)
    List<String> hostIds;

    @Override
    protected void run() {
        PowerStatesRequest request = new PowerStatesRequest(
                hostIds == null || hostIds.isEmpty() ? null : hostIds, datacenterId, timeoutSeconds);
        PrintStream out = out();
        int[] counts = new int[2]; // answered, failed
        // The request is checked before the header, so that a mistake is one line and nothing else.
        try (Stream<MachinePower> answers = hardware.powerStates(request)) {
            String format = "%-36s  %-24s  %s%n";
            out.printf(format, "Host", "Name", "Power");
            answers.forEach(a -> {
                counts[0]++;
                if (a.error() != null) {
                    counts[1]++;
                }
                out.printf(
                        format,
                        a.hostId(),
                        a.name(),
                        a.error() == null ? a.state() : "error " + a.error() + ": " + a.message());
                out.flush();
            });
        }
        out.println(counts[0] + " machines, " + counts[1] + " without an answer");
    }
}

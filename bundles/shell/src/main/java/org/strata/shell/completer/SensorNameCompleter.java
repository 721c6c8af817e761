package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.Sensor;

/**
 * Sensor names of the machine named earlier on the line ({@code hw-sensor-history <host> <sensor>}). Reading
 * them asks the BMC, so it is done only when the host is already typed.
 */
@Service
public class SensorNameCompleter implements Completer {

    @Reference
    HardwareService hardware;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String host = host(commandLine);
        if (host == null) {
            return -1;
        }
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> hardware.sensors(host).stream().map(Sensor::name).toList());
    }

    /** The first argument after the command that is not an option or an option's value. */
    static String host(CommandLine line) {
        String[] words = line.getArguments();
        for (int i = 1; i < line.getCursorArgumentIndex() && i < words.length; i++) {
            String word = words[i];
            if (word.equals("--since")) {
                i++;
            } else if (!word.startsWith("-")) {
                return word;
            }
        }
        return null;
    }
}

package org.strata.shell.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.StrataException;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.HardwareService;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.DatacenterIdCompleter;
import org.strata.shell.completer.PoolIdCompleter;

/**
 * Starts a discovery. Credentials come as --user/--password pairs (a --user without any --password asks
 * for each password, unechoed) and/or from a --credentials file of {@code user:password} lines; they are
 * tried in that order. No message of this command ever contains a password.
 */
@Command(
        scope = "strata",
        name = "hw-discover",
        description =
                "Scans addresses and ports for BMCs and registers the bare-metal machines that answer; prints the task")
@Service
public class HwDiscover extends TaskCommand {

    @Reference
    HardwareService hardware;

    @Reference
    Session session;

    @Option(name = "--datacenter", description = "The datacenter to register the machines in", required = true)
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--pool", description = "The resource pool to put the machines in")
    @Completion(PoolIdCompleter.class)
    String poolId;

    @Option(
            name = "--addresses",
            description = "One IPv4 address, a range 10.0.0.1-10.0.0.40, or a CIDR block 10.0.0.0/26",
            required = true)
    String addresses;

    @Option(name = "--ports", description = "UDP ports: 623 (default) or a range such as 9001-9050")
    String ports;

    @Option(name = "--driver", description = "The hardware driver that speaks to the BMCs (default ipmi)")
    String driverId = "ipmi";

    @Option(
            name = "--user",
            aliases = "-u",
            multiValued = true,
            description = "A BMC user name to try; repeatable, each with its --password in the same order")
    List<String> users;

    @Option(
            name = "--password",
            aliases = "-p",
            multiValued = true,
            censor = true,
            description =
                    "The password of the --user at the same position (asked for, unechoed, when no --password is given)")
    List<String> passwords;

    @Option(
            name = "--credentials",
            description = "A file of user:password lines to try after the --user ones ('#' starts a comment)")
    String credentialsFile;

    @Override
    Task start() {
        List<BmcCredentials> credentials = new ArrayList<>(pairs());
        if (credentialsFile != null) {
            credentials.addAll(readFile(credentialsFile));
        }
        return hardware.discover(
                new DiscoveryRequest(datacenterId, poolId, driverId, addresses, ports, credentials),
                ShellPrincipal.current());
    }

    private List<BmcCredentials> pairs() {
        List<String> names = users == null ? List.of() : users;
        List<String> secrets = passwords == null ? List.of() : passwords;
        if (secrets.isEmpty()) {
            List<BmcCredentials> asked = new ArrayList<>();
            for (String name : names) {
                asked.add(new BmcCredentials(name, ask(name)));
            }
            return asked;
        }
        if (secrets.size() != names.size()) {
            throw StrataException.invalid("give one --password per --user, in the same order (" + names.size()
                    + " --user, " + secrets.size() + " --password)");
        }
        List<BmcCredentials> given = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            given.add(new BmcCredentials(names.get(i), secrets.get(i)));
        }
        return given;
    }

    private String ask(String user) {
        try {
            String secret = session == null ? null : session.readLine("Password for " + user + ": ", '*');
            if (secret == null) {
                throw StrataException.invalid("no password given for --user " + user);
            }
            return secret;
        } catch (IOException e) {
            throw StrataException.invalid("no password given for --user " + user);
        }
    }

    /** user:password lines; the password is everything after the first colon, so it may hold colons itself. */
    static List<BmcCredentials> readFile(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw StrataException.invalid("cannot read --credentials file '" + file + "'");
        }
        List<BmcCredentials> credentials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                // The line is not echoed: it may be a password.
                throw StrataException.invalid(
                        "line " + (i + 1) + " of --credentials file '" + file + "' is not user:password");
            }
            credentials.add(new BmcCredentials(line.substring(0, colon), line.substring(colon + 1)));
        }
        if (credentials.isEmpty()) {
            throw StrataException.invalid("--credentials file '" + file + "' holds no user:password line");
        }
        return credentials;
    }
}

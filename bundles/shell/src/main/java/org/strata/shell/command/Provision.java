package org.strata.shell.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.os.OsAccount;
import org.strata.api.os.OsService;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.InstallTreeIdCompleter;
import org.strata.shell.completer.OsImageIdCompleter;
import org.strata.shell.completer.OsProfileIdCompleter;
import org.strata.shell.completer.ProvisioningMethodCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "provision",
        description = "Provisions an OS onto a VM or a bare-metal machine as one task (network install, image deploy,"
                + " SAN boot or NAS boot); prints the task, which ends when the new OS calls back")
@Service
public class Provision extends TaskCommand {

    @Reference(optional = true)
    OsService os;

    @Option(name = "--vm", description = "The VM to provision (give --vm or --machine)")
    @Completion(VmIdCompleter.class)
    String vmId;

    @Option(name = "--machine", description = "The bare-metal machine (its host id) to provision")
    @Completion(HostIdCompleter.class)
    String machineId;

    @Option(name = "--profile", aliases = "-p", description = "The OS profile", required = true)
    @Completion(OsProfileIdCompleter.class)
    String profileId;

    @Option(
            name = "--method",
            aliases = "-m",
            description = "network-install, image-deploy, san-boot or nas-boot; the profile must support it",
            required = true)
    @Completion(ProvisioningMethodCompleter.class)
    String method;

    @Option(name = "--image", description = "The golden image, for image-deploy, san-boot and nas-boot")
    @Completion(OsImageIdCompleter.class)
    String imageId;

    @Option(name = "--tree", description = "The install tree, for network-install")
    @Completion(InstallTreeIdCompleter.class)
    String installTreeId;

    @Option(name = "--hostname", aliases = "-n", description = "The OS's host name", required = true)
    String hostname;

    @Option(name = "--domain", description = "Its DNS domain")
    String domain;

    @Option(
            name = "--account",
            multiValued = true,
            description = "An account to create; repeatable, the first is the administrator")
    List<String> accounts;

    @Option(
            name = "--password-hash",
            multiValued = true,
            description = "account=HASH: a SHA-512 crypt hash ($6$salt$hash) for an --account; without one the"
                    + " account logs in with keys only")
    List<String> passwordHashes;

    @Option(
            name = "--ssh-key",
            multiValued = true,
            description = "account=KEY: a public SSH key for an --account (quote it); repeatable")
    List<String> sshKeys;

    @Option(name = "--package", multiValued = true, description = "An extra package to install; repeatable")
    List<String> packages;

    @Option(
            name = "--boot-mac",
            description = "The MAC address the machine boots from (required for --machine; a VM's first NIC's"
                    + " otherwise)")
    String bootMac;

    @Option(name = "--mirror", description = "The package mirror the installer uses (default: the family's)")
    String mirror;

    @Option(
            name = "--extra",
            multiValued = true,
            description = "key=value: a family-specific setting (docs/os-drivers.md); repeatable")
    List<String> extra;

    @Override
    Task start() {
        ProvisionRequest request = request();
        return Layer.os(os).provision(request, ShellPrincipal.current());
    }

    /** The request the options make; INVALID before anything is sent for options that contradict each other. */
    ProvisionRequest request() {
        if ((vmId == null) == (machineId == null)) {
            throw StrataException.invalid("give --vm or --machine, one of them");
        }
        return new ProvisionRequest(
                vmId != null ? "vm" : "machine",
                vmId != null ? vmId : machineId,
                profileId,
                Ha.member(ProvisioningMethod.class, "--method", method),
                imageId,
                installTreeId,
                hostname,
                domain,
                accounts(),
                packages,
                mirror,
                pairs("--extra", extra),
                bootMac);
    }

    private List<OsAccount> accounts() {
        List<String> names = accounts == null ? List.of() : accounts;
        Map<String, String> hashes = pairs("--password-hash", passwordHashes);
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String given : sshKeys == null ? List.<String>of() : sshKeys) {
            String[] pair = pair("--ssh-key", given);
            keys.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        for (String account : hashes.keySet()) {
            known("--password-hash", account, names);
        }
        for (String account : keys.keySet()) {
            known("--ssh-key", account, names);
        }
        return names.stream()
                .map(n -> new OsAccount(n, hashes.get(n), keys.getOrDefault(n, List.of())))
                .toList();
    }

    private static void known(String option, String account, List<String> names) {
        if (!names.contains(account)) {
            throw StrataException.invalid(option + " names account '" + account + "', which no --account gives");
        }
    }

    /** key=value options; a key given twice is refused rather than one silently winning. */
    private static Map<String, String> pairs(String option, List<String> given) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : given == null ? List.<String>of() : given) {
            String[] pair = pair(option, value);
            if (map.put(pair[0], pair[1]) != null) {
                throw StrataException.invalid(option + " gives '" + pair[0] + "' twice");
            }
        }
        return map;
    }

    /** Split at the first '=': keys are names, values (SSH keys, hashes) may hold '=' themselves. */
    private static String[] pair(String option, String value) {
        int eq = value.indexOf('=');
        if (eq < 1 || eq == value.length() - 1) {
            throw StrataException.invalid(option + " must be name=value, was '" + value + "'");
        }
        return new String[] {
            value.substring(0, eq).strip(), value.substring(eq + 1).strip()
        };
    }
}

package org.strata.driver.os.rhel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-side checker of the kickstart grammar, written from its documentation because no validator is reachable here
 * (pykickstart/ksvalidator is neither in Debian 12 nor reachable on PyPI from this machine). Sources: pykickstart's
 * command reference (https://pykickstart.readthedocs.io/en/latest/kickstart-docs.html) and Red Hat's "Kickstart
 * commands and options reference" for RHEL 9. It knows the commands and options the Strata driver may write (and a
 * few neighbours), not all of anaconda's: an unknown command or option is an error here, as for ksvalidator.
 *
 * <p>Checked: commands split like pykickstart does (POSIX shlex: quotes, backslash escapes, {@code #} comments),
 * every command and option known, options that need a value have one and only known values where the set is closed
 * ({@code --bootproto}, {@code --location}, {@code autopart --type}), positional arguments counted, commands used
 * once at most where the grammar says so, sections {@code %packages}, {@code %pre}, {@code %post} (and
 * {@code %pre-install}, {@code %onerror}, {@code %traceback}) opened with known options, not nested and closed by
 * {@code %end}, and what an unattended install needs (lang, keyboard, timezone, a root or user account, a partitioning
 * command, a boot loader). Not checked: what only anaconda knows (package and group names in the tree, the disks).
 */
final class KickstartGrammar {

    /** A command as pykickstart reads it: options ({@code --name} to value, "" for a flag) and positional words. */
    record Command(String name, Map<String, String> options, List<String> arguments, int line) {}

    /** A section: its header's options and its body lines. */
    record Section(String name, Map<String, String> options, List<String> body) {}

    record Parsed(List<Command> commands, List<Section> sections) {
        List<Command> all(String name) {
            return commands.stream().filter(c -> c.name().equals(name)).toList();
        }

        Command one(String name) {
            List<Command> found = all(name);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + name + ", found " + found.size());
            }
            return found.get(0);
        }

        Section section(String name) {
            return sections.stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " section"));
        }
    }

    /** One command's grammar: options (true: takes a value), how many positional words, used once at most. */
    private record Spec(Map<String, Boolean> options, int minArgs, int maxArgs, boolean once) {}

    private static final Map<String, Spec> COMMANDS = new HashMap<>();
    private static final Map<String, Map<String, Boolean>> SECTIONS = new HashMap<>();
    private static final Map<String, Set<String>> CLOSED_VALUES = Map.of(
            "network --bootproto", Set.of("dhcp", "bootp", "static", "ibft", "query"),
            "bootloader --location", Set.of("mbr", "partition", "none", "boot"),
            "autopart --type", Set.of("lvm", "btrfs", "plain", "thinp"),
            "network --onboot", Set.of("yes", "no", "on", "off", "true", "false", "1", "0"));

    static {
        spec("text", 0, 0, true, "--non-interactive");
        spec("graphical", 0, 0, true, "--non-interactive");
        spec("cmdline", 0, 0, true);
        spec("lang", 1, 1, true, "--addsupport=");
        spec("keyboard", 0, 1, true, "--xlayouts=", "--vckeymap=", "--switch=");
        spec("timezone", 1, 1, true, "--utc", "--isUtc", "--nontp", "--ntpservers=");
        spec("timesource", 0, 0, false, "--ntp-server=", "--ntp-pool=", "--ntp-disable", "--nts");
        spec(
                "network",
                0,
                0,
                false,
                "--bootproto=",
                "--device=",
                "--ip=",
                "--netmask=",
                "--gateway=",
                "--nameserver=",
                "--hostname=",
                "--activate",
                "--no-activate",
                "--onboot=",
                "--noipv4",
                "--noipv6",
                "--ipv6=",
                "--ipv6gateway=",
                "--mtu=",
                "--nodefroute",
                "--nodns",
                "--ethtool=",
                "--dhcpclass=",
                "--interfacename=",
                "--vlanid=",
                "--bondslaves=",
                "--bondopts=",
                "--bridgeslaves=",
                "--bridgeopts=",
                "--teamslaves=",
                "--teamconfig=",
                "--bindto=",
                "--ipv4-dns-search=",
                "--ipv6-dns-search=",
                "--ipv4-ignore-auto-dns",
                "--ipv6-ignore-auto-dns");
        spec("url", 0, 0, true, "--url=", "--mirrorlist=", "--metalink=", "--proxy=", "--noverifyssl");
        spec("cdrom", 0, 0, true);
        spec("repo", 0, 0, false, "--name=", "--baseurl=", "--mirrorlist=", "--metalink=", "--cost=", "--install");
        spec("rootpw", 0, 1, true, "--iscrypted", "--plaintext", "--lock", "--allow-ssh");
        spec(
                "user",
                0,
                0,
                false,
                "--name=",
                "--groups=",
                "--homedir=",
                "--iscrypted",
                "--plaintext",
                "--lock",
                "--password=",
                "--shell=",
                "--uid=",
                "--gid=",
                "--gecos=");
        spec("sshkey", 1, 1, false, "--username=");
        spec(
                "bootloader",
                0,
                0,
                true,
                "--append=",
                "--boot-drive=",
                "--driveorder=",
                "--location=",
                "--password=",
                "--iscrypted",
                "--timeout=",
                "--leavebootorder",
                "--nombr",
                "--disabled");
        spec("zerombr", 0, 0, true);
        spec(
                "clearpart",
                0,
                0,
                true,
                "--all",
                "--drives=",
                "--list=",
                "--linux",
                "--none",
                "--initlabel",
                "--disklabel=");
        spec("ignoredisk", 0, 0, true, "--drives=", "--only-use=", "--interactive");
        spec(
                "autopart",
                0,
                0,
                true,
                "--type=",
                "--fstype=",
                "--nohome",
                "--noboot",
                "--noswap",
                "--encrypted",
                "--passphrase=",
                "--luks-version=");
        spec("reqpart", 0, 0, true, "--add-boot");
        spec("firstboot", 0, 0, true, "--enable", "--disable", "--reconfig");
        spec("selinux", 0, 0, true, "--enforcing", "--permissive", "--disabled");
        spec(
                "firewall",
                0,
                0,
                true,
                "--enabled",
                "--enable",
                "--disabled",
                "--disable",
                "--ssh",
                "--service=",
                "--port=",
                "--trust=",
                "--remove-service=",
                "--use-system-defaults");
        spec("services", 0, 0, true, "--enabled=", "--disabled=");
        spec("skipx", 0, 0, true);
        spec("reboot", 0, 0, true, "--eject", "--kexec");
        spec("poweroff", 0, 0, true, "--eject", "--kexec");
        spec("halt", 0, 0, true, "--eject", "--kexec");
        spec("eula", 0, 0, true, "--agreed");

        section(
                "%packages",
                "--default",
                "--excludedocs",
                "--ignoremissing",
                "--inst-langs=",
                "--multilib",
                "--nocore",
                "--exclude-weakdeps",
                "--retries=",
                "--timeout=");
        section("%pre", "--interpreter=", "--erroronfail", "--log=");
        section("%pre-install", "--interpreter=", "--erroronfail", "--log=");
        section("%post", "--nochroot", "--interpreter=", "--erroronfail", "--log=");
        section("%onerror", "--interpreter=", "--erroronfail", "--log=");
        section("%traceback", "--interpreter=", "--erroronfail", "--log=");
    }

    private KickstartGrammar() {}

    private static void spec(String name, int min, int max, boolean once, String... options) {
        COMMANDS.put(name, new Spec(options(options), min, max, once));
    }

    private static void section(String name, String... options) {
        SECTIONS.put(name, options(options));
    }

    private static Map<String, Boolean> options(String... options) {
        Map<String, Boolean> m = new HashMap<>();
        for (String o : options) {
            m.put(o.endsWith("=") ? o.substring(0, o.length() - 1) : o, o.endsWith("="));
        }
        return m;
    }

    /** Parses and checks a kickstart; an {@link AssertionError} names the line and what is wrong. */
    static Parsed check(String kickstart) {
        List<Command> commands = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        String[] lines = kickstart.split("\n", -1);
        Section open = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int n = i + 1;
            String trimmed = line.strip();
            if (open != null) {
                if (trimmed.equals("%end")) {
                    sections.add(open);
                    open = null;
                } else if (SECTIONS.containsKey(first(trimmed))) {
                    throw new AssertionError("line " + n + ": section " + first(trimmed) + " inside " + open.name());
                } else {
                    open.body().add(line);
                }
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<String> words = split(trimmed, n);
            if (words.isEmpty()) {
                continue;
            }
            String name = words.get(0);
            if (name.startsWith("%")) {
                Map<String, Boolean> allowed = SECTIONS.get(name);
                if (allowed == null) {
                    throw new AssertionError("line " + n + ": unknown section " + name);
                }
                Map<String, String> options = new LinkedHashMap<>();
                List<String> args = new ArrayList<>();
                options(name, allowed, words, options, args, n);
                if (!args.isEmpty()) {
                    throw new AssertionError("line " + n + ": " + name + " takes no arguments: " + args);
                }
                open = new Section(name, options, new ArrayList<>());
                continue;
            }
            Spec spec = COMMANDS.get(name);
            if (spec == null) {
                throw new AssertionError("line " + n + ": unknown command " + name);
            }
            Map<String, String> options = new LinkedHashMap<>();
            List<String> args = new ArrayList<>();
            options(name, spec.options(), words, options, args, n);
            if (args.size() < spec.minArgs() || args.size() > spec.maxArgs()) {
                throw new AssertionError("line " + n + ": " + name + " takes " + spec.minArgs() + " to "
                        + spec.maxArgs() + " arguments, not " + args);
            }
            Command c = new Command(name, options, args, n);
            if (spec.once() && commands.stream().anyMatch(o -> o.name().equals(name))) {
                throw new AssertionError("line " + n + ": " + name + " may be given once");
            }
            commands.add(c);
        }
        if (open != null) {
            throw new AssertionError("section " + open.name() + " is not closed by %end");
        }
        Parsed parsed = new Parsed(commands, sections);
        semantics(parsed);
        return parsed;
    }

    private static void options(
            String name,
            Map<String, Boolean> allowed,
            List<String> words,
            Map<String, String> options,
            List<String> args,
            int n) {
        for (int w = 1; w < words.size(); w++) {
            String word = words.get(w);
            if (!word.startsWith("--")) {
                args.add(word);
                continue;
            }
            int eq = word.indexOf('=');
            String option = eq < 0 ? word : word.substring(0, eq);
            Boolean takesValue = allowed.get(option);
            if (takesValue == null) {
                throw new AssertionError("line " + n + ": " + name + " has no option " + option);
            }
            String value;
            if (takesValue) {
                if (eq >= 0) {
                    value = word.substring(eq + 1);
                } else if (w + 1 < words.size()) {
                    value = words.get(++w);
                } else {
                    throw new AssertionError("line " + n + ": " + name + " " + option + " needs a value");
                }
                if (value.isEmpty()) {
                    throw new AssertionError("line " + n + ": " + name + " " + option + " has an empty value");
                }
                Set<String> closed = CLOSED_VALUES.get(name + " " + option);
                if (closed != null && !closed.contains(value)) {
                    throw new AssertionError("line " + n + ": " + name + " " + option + " is one of " + closed);
                }
            } else {
                if (eq >= 0) {
                    throw new AssertionError("line " + n + ": " + name + " " + option + " takes no value");
                }
                value = "";
            }
            options.put(option, value);
        }
    }

    private static void semantics(Parsed k) {
        for (String required : List.of("lang", "keyboard", "timezone", "bootloader")) {
            if (k.all(required).isEmpty()) {
                throw new AssertionError("an unattended install needs " + required);
            }
        }
        if (k.all("rootpw").isEmpty() && k.all("user").isEmpty()) {
            throw new AssertionError("an unattended install needs rootpw or a user");
        }
        boolean autopart = !k.all("autopart").isEmpty();
        boolean part = !k.all("part").isEmpty() || !k.all("reqpart").isEmpty();
        if (autopart == part) {
            throw new AssertionError("exactly one of autopart or part/reqpart partitions the disk");
        }
        Command keyboard = k.one("keyboard");
        if (keyboard.arguments().isEmpty()
                && !keyboard.options().containsKey("--xlayouts")
                && !keyboard.options().containsKey("--vckeymap")) {
            throw new AssertionError("keyboard needs --xlayouts or --vckeymap");
        }
        for (Command rootpw : k.all("rootpw")) {
            if (rootpw.arguments().isEmpty() && !rootpw.options().containsKey("--lock")) {
                throw new AssertionError("rootpw without a password must be --lock");
            }
        }
        for (Command user : k.all("user")) {
            if (!user.options().containsKey("--name")) {
                throw new AssertionError("line " + user.line() + ": user needs --name");
            }
            if (user.options().containsKey("--iscrypted")
                    && !user.options().getOrDefault("--password", "").matches("\\$[0-9a-z]+\\$.+")) {
                throw new AssertionError("line " + user.line() + ": --iscrypted needs a crypt(3) --password");
            }
        }
        for (Command key : k.all("sshkey")) {
            if (!key.options().containsKey("--username")) {
                throw new AssertionError("line " + key.line() + ": sshkey needs --username");
            }
        }
        for (Command net : k.all("network")) {
            if ("static".equals(net.options().get("--bootproto"))
                    && !net.options().containsKey("--ip")) {
                throw new AssertionError("line " + net.line() + ": a static network needs --ip");
            }
        }
        if (k.sections().stream().filter(s -> s.name().equals("%packages")).count() > 1) {
            throw new AssertionError("one %packages section");
        }
        for (Section s : k.sections()) {
            if (s.name().equals("%packages")) {
                long environments = s.body().stream()
                        .filter(l -> l.strip().startsWith("@^"))
                        .count();
                if (environments > 1) {
                    throw new AssertionError("%packages selects one environment (@^...), not " + environments);
                }
            }
        }
    }

    private static String first(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** POSIX shlex with comments, as pykickstart splits a command line. */
    static List<String> split(String line, int n) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else if (c == '#' && word == null) {
                break;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new AssertionError("line " + n + ": unclosed single quote");
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && "\\\"$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new AssertionError("line " + n + ": unclosed double quote");
                }
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new AssertionError("line " + n + ": a backslash ends the line");
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}

package org.strata.driver.iscsi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Secret;

/**
 * tgt's administration tool, run as a process (no shell: every argument is passed as it is) against one tgtd,
 * chosen by its control port. tgtd has no network management API: tgtadm talks to it over a local socket, which
 * is why this driver runs on the storage node, as Cinder's LVM/tgt driver does.
 */
final class Tgtadm {

    private static final long TIMEOUT_SECONDS = 30;
    private static final int MAX_MESSAGE_CHARS = 1000;
    private static final Pattern TARGET = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
    private static final Pattern LUN = Pattern.compile("^\\s+LUN: (\\d+)\\s*$");
    private static final Pattern TYPE = Pattern.compile("^\\s+Type: (.*)$");
    private static final Pattern BACKING = Pattern.compile("^\\s+Backing store path: (.*)$");
    private static final Pattern INITIATOR = Pattern.compile("^\\s+Initiator: (\\S+).*$");
    private static final Pattern PORTAL = Pattern.compile("^Portal: (.+):(\\d+),\\d+\\s*$");
    /** A line of {@code --op stat}: tid, lun, session id, then counters. */
    private static final Pattern STAT = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)((?:\\s+\\d+)+)\\s*$");

    private final String executable;
    private final Integer control;

    Tgtadm(String executable, Integer control) {
        this.executable = executable;
        this.control = control;
    }

    /**
     * A target as {@code --op show} gives it.
     *
     * @param initiators the initiators logged in now
     * @param acl        who may log in ({@code --op bind}): addresses, names or {@code ALL}
     * @param accounts   the incoming CHAP users bound to it (an initiator must log in as one of them when any is)
     */
    record Target(
            int tid, String iqn, List<Lun> luns, List<String> initiators, List<String> acl, List<String> accounts) {}

    /** A logical unit: LUN 0 is tgt's controller, the others its disks; {@code backingPath} "None" for none. */
    record Lun(int lun, String type, String backingPath) {}

    /** A portal tgtd listens on. */
    record Portal(String host, int port) {}

    List<Target> targets() {
        return parseTargets(run("read the targets", "--mode", "target", "--op", "show"));
    }

    List<Portal> portals() {
        List<Portal> portals = new ArrayList<>();
        for (String line :
                run("read the portals", "--mode", "portal", "--op", "show").split("\n")) {
            Matcher m = PORTAL.matcher(line);
            if (m.matches()) {
                portals.add(new Portal(m.group(1), Integer.parseInt(m.group(2))));
            }
        }
        return portals;
    }

    /**
     * The LUNs of a target that a logged-in initiator has sent commands to. tgt says which initiators are logged in
     * to a target, not which of its LUNs they use; its per-session counters do: an initiator that opened a LUN
     * (QEMU reads its capacity at once) has sent it commands, one that only logged in has not.
     */
    Set<Integer> lunsInUse(int tid) {
        Set<Integer> used = new HashSet<>();
        String out = run("read the target's statistics", "--mode", "target", "--op", "stat", "--tid", tid(tid));
        for (String line : out.split("\n")) {
            Matcher m = STAT.matcher(line);
            if (m.matches() && Integer.parseInt(m.group(1)) == tid) {
                for (String counter : m.group(4).trim().split("\\s+")) {
                    if (!counter.equals("0")) {
                        used.add(Integer.parseInt(m.group(2)));
                        break;
                    }
                }
            }
        }
        return used;
    }

    /** The CHAP accounts tgtd knows ({@code --mode account --op show}), outgoing ones included. */
    List<String> accounts() {
        List<String> users = new ArrayList<>();
        for (String line : run("read the CHAP accounts", "--mode", "account", "--op", "show")
                .split("\n")) {
            if (line.startsWith(" ") && !line.isBlank()) {
                users.add(line.strip());
            }
        }
        return users;
    }

    /**
     * A CHAP account. tgtadm takes the password only on its command line: it is visible in the process list of the
     * storage node while tgtadm runs (a few milliseconds), never in anything this class returns or throws, since
     * {@link #failure} is built from tgtadm's output and the words given here, not from the command.
     */
    void newAccount(String user, Secret password) {
        char[] p = password.reveal();
        try {
            run(
                    "create CHAP account " + user,
                    "--mode",
                    "account",
                    "--op",
                    "new",
                    "--user",
                    user,
                    "--password",
                    new String(p));
        } finally {
            java.util.Arrays.fill(p, '\0');
        }
    }

    void bindAccount(int tid, String user) {
        run("bind CHAP account " + user, "--mode", "account", "--op", "bind", "--tid", tid(tid), "--user", user);
    }

    void newTarget(int tid, String iqn) {
        run("create target " + iqn, "--mode", "target", "--op", "new", "--tid", tid(tid), "--targetname", iqn);
    }

    void bind(int tid, String initiatorAddress) {
        run(
                "let " + initiatorAddress + " log in",
                "--mode",
                "target",
                "--op",
                "bind",
                "--tid",
                tid(tid),
                "--initiator-address",
                initiatorAddress);
    }

    void newLun(int tid, int lun, String backingFile) {
        run(
                "add LUN " + lun,
                "--mode",
                "logicalunit",
                "--op",
                "new",
                "--tid",
                tid(tid),
                "--lun",
                Integer.toString(lun),
                "--backing-store",
                backingFile,
                "--bstype",
                "rdwr");
    }

    void deleteLun(int tid, int lun) {
        run(
                "remove LUN " + lun,
                "--mode",
                "logicalunit",
                "--op",
                "delete",
                "--tid",
                tid(tid),
                "--lun",
                Integer.toString(lun));
    }

    private static String tid(int tid) {
        return Integer.toString(tid);
    }

    /** Runs tgtadm; its failure is a fault chosen from what it printed. */
    String run(String what, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (control != null) {
            command.add("--control-port");
            command.add(control.toString());
        }
        command.add("--lld");
        command.add("iscsi");
        command.addAll(List.of(args));
        Exec.Result result = Exec.run(
                command,
                TIMEOUT_SECONDS,
                what,
                "this driver needs tgt's tgtadm on the machine Strata runs on: Debian package tgt");
        if (result.exit() != 0) {
            throw failure(what, result.exit(), result.output());
        }
        return result.output();
    }

    static DriverException failure(String what, int exit, String output) {
        String said = output.strip().replaceFirst("^tgtadm: ", "");
        if (said.isEmpty()) {
            said = "tgtadm exited with status " + exit;
        }
        if (said.length() > MAX_MESSAGE_CHARS) {
            said = said.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        String lower = said.toLowerCase(Locale.ROOT);
        Fault fault;
        if (exit == 107 || lower.contains("tgt daemon") || lower.contains("can't connect")) {
            // No tgtd behind that control port (tgtadm: "failed to send request hdr to tgt daemon").
            fault = Fault.UNREACHABLE;
            said = "no tgtd answers on this control port (" + said + ")";
        } else if (lower.contains("already exists") || lower.contains("still active") || lower.contains("busy")) {
            fault = Fault.CONFLICT;
        } else if (lower.contains("can't find")) {
            fault = Fault.NOT_FOUND;
        } else if (lower.contains("permission") || lower.contains("not permitted")) {
            fault = Fault.AUTHENTICATION_FAILED;
        } else {
            fault = Fault.DRIVER_FAILURE;
        }
        return new DriverException(fault, "cannot " + what + ": " + said);
    }

    static List<Target> parseTargets(String show) {
        List<Target> targets = new ArrayList<>();
        Integer tid = null;
        String iqn = null;
        List<Lun> luns = new ArrayList<>();
        List<String> initiators = new ArrayList<>();
        List<String> acl = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        String section = "";
        Integer lun = null;
        String type = null;
        for (String line : show.split("\n")) {
            Matcher m;
            String trimmed = line.strip();
            if ((m = TARGET.matcher(line)).matches()) {
                if (lun != null) {
                    luns.add(new Lun(lun, type, null));
                    lun = null;
                }
                if (tid != null) {
                    targets.add(new Target(
                            tid,
                            iqn,
                            List.copyOf(luns),
                            List.copyOf(initiators),
                            List.copyOf(acl),
                            List.copyOf(accounts)));
                }
                tid = Integer.parseInt(m.group(1));
                iqn = m.group(2);
                luns.clear();
                initiators.clear();
                acl.clear();
                accounts.clear();
                section = "";
            } else if (trimmed.endsWith("information:") && line.startsWith("    ") && !line.startsWith("     ")) {
                section = trimmed;
            } else if (section.equals("ACL information:")) {
                if (!trimmed.isEmpty()) {
                    acl.add(trimmed);
                }
            } else if (section.equals("Account information:")) {
                // Outgoing accounts (the target proving itself to the initiator) are marked so; they are not asked.
                if (!trimmed.isEmpty() && !trimmed.endsWith("(outgoing)")) {
                    accounts.add(trimmed);
                }
            } else if ((m = LUN.matcher(line)).matches()) {
                if (lun != null) {
                    luns.add(new Lun(lun, type, null));
                }
                lun = Integer.parseInt(m.group(1));
                type = null;
            } else if (lun != null && (m = TYPE.matcher(line)).matches()) {
                type = m.group(1).trim();
            } else if (lun != null && (m = BACKING.matcher(line)).matches()) {
                luns.add(new Lun(lun, type, m.group(1).trim()));
                lun = null;
            } else if (section.startsWith("I_T nexus") && (m = INITIATOR.matcher(line)).matches()) {
                initiators.add(m.group(1));
            }
        }
        if (lun != null) {
            luns.add(new Lun(lun, type, null));
        }
        if (tid != null) {
            targets.add(new Target(
                    tid, iqn, List.copyOf(luns), List.copyOf(initiators), List.copyOf(acl), List.copyOf(accounts)));
        }
        return targets;
    }
}

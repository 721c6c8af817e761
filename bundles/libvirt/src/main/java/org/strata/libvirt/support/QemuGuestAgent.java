package org.strata.libvirt.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The QEMU guest agent through libvirt's agent pass-through ({@code virDomainQemuAgentCommand}): the file-system
 * freeze of snapshots, what the guest says about itself ({@link #guestInfo}) and programs run in it ({@link #exec}).
 *
 * <p>For snapshots, a guest without an agent, a driver without one (the test driver, Xen) or an agent that does not
 * answer in time all read as "not frozen": a snapshot is then taken unquiesced, which is what vSphere does too.
 *
 * <p>The guest is not trusted: what its agent says is bounded (answer size, nesting, string lengths, interface and
 * address counts), control characters are replaced, and an IP address is kept only when it is one (text of hex
 * digits, dots and colons). That is also why the interfaces are read with {@code guest-network-get-interfaces}
 * here rather than with libvirt-java's {@code Domain.interfaceAddresses}: libvirt passes the agent's address
 * strings on unchecked, and libvirt-java makes each one an {@code InetAddress} with {@code getByName}, which resolves
 * a name in DNS: a guest could make Strata look up any name it likes, and wait for the answer.
 */
final class QemuGuestAgent implements LibvirtSnapshots.GuestAgent {

    private static final Logger LOG = LoggerFactory.getLogger(QemuGuestAgent.class);

    /** How long libvirt waits for each agent answer; a guest that is booting should not hold a request longer. */
    static final int TIMEOUT_SECONDS = 5;

    /** Longer answers are refused: a real one is a few KiB at most (many interfaces with IPv6 addresses). */
    static final int MAX_ANSWER = 256 * 1024;

    static final int MAX_TEXT = 255;
    static final int MAX_INTERFACES = 64;
    static final int MAX_ADDRESSES = 64;
    static final int MAX_USERS = 64;
    static final int MAX_FILE_SYSTEMS = 128;

    /** Time zones are at most 14 hours from UTC; a day is the bound of what is believed. */
    private static final long MAX_OFFSET_SECONDS = 24 * 3600;

    /** Login times after the year 9999 are nonsense (and overflow nothing below it). */
    private static final double MAX_EPOCH_SECONDS = 253_402_300_799.0;

    /**
     * The answer of {@code guest-exec-status} carries the output base64: the agent keeps up to 16 MiB of each stream,
     * so up to about 45 MiB of text.
     */
    static final int MAX_EXEC_ANSWER = 48 * 1024 * 1024;

    static final Duration FIRST_POLL = Duration.ofMillis(10);
    static final Duration LONGEST_POLL = Duration.ofMillis(500);

    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * libvirt's errors that mean "no agent answers here": not connected (not installed, not started, the guest still
     * boots), not configured (no agent channel in the definition), not responding or out of sync (hung, too slow),
     * and "domain is not running" (stopped between the check and the call).
     */
    private static final Set<ErrorNumber> NO_AGENT = Set.copyOf(EnumSet.of(
            ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE,
            ErrorNumber.VIR_ERR_AGENT_UNSYNCED,
            ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED,
            ErrorNumber.VIR_ERR_OPERATION_INVALID));

    @Override
    public boolean freeze(Domain domain) {
        return command(domain, "guest-fsfreeze-freeze");
    }

    @Override
    public void thaw(Domain domain) {
        if (!command(domain, "guest-fsfreeze-thaw")) {
            LOG.warn("the guest agent did not confirm thawing the file systems after a snapshot");
        }
    }

    private static boolean command(Domain domain, String command) {
        try {
            String reply = domain.qemuAgentCommand("{\"execute\":\"" + command + "\"}", TIMEOUT_SECONDS, 0);
            return reply != null && reply.contains("\"return\"");
        } catch (LibvirtException | LinkageError | UnsupportedOperationException e) {
            // LinkageError: libvirt-qemu's library is not there; the agent is then as good as silent.
            return false;
        }
    }

    /**
     * One request to the agent and its answer, as libvirt's {@code virDomainQemuAgentCommand} passes them: a
     * refusal by the agent is a {@link LibvirtException} (VIR_ERR_INTERNAL_ERROR, "unable to execute QEMU agent
     * command ..."). A seam so that tests can speak to a real agent without a guest.
     */
    @FunctionalInterface
    interface Channel {
        /** The answer, or null when libvirt-java could not load libvirt-qemu's library. */
        String command(String json, int timeoutSeconds) throws LibvirtException;

        static Channel of(Domain domain) {
            return (json, timeoutSeconds) -> domain.qemuAgentCommand(json, timeoutSeconds, 0);
        }
    }

    /**
     * What the agent of a running domain says: its OS ({@code guest-get-osinfo}), host name ({@code
     * guest-get-host-name}), interfaces ({@code guest-network-get-interfaces}), time zone ({@code
     * guest-get-timezone}), logged-in users ({@code guest-get-users}) and file systems ({@code guest-get-fsinfo}).
     * No agent answering is {@link GuestInfo#noAgent} with libvirt's reason; a command an older agent lacks (or one
     * started with {@code --block-rpcs}) leaves its part empty. Other libvirt errors are thrown for the session to
     * map (a broken connection, a hypervisor without agent pass-through).
     *
     * @throws LibvirtException for a libvirt error that does not mean "no agent"
     * @throws DriverException  UNSUPPORTED without libvirt-qemu's library; DRIVER_FAILURE for an answer that is not
     *                          what the agent's protocol says
     */
    GuestInfo guestInfo(Domain domain, String driverId) throws LibvirtException {
        return guestInfo(Channel.of(domain), driverId);
    }

    GuestInfo guestInfo(Channel channel, String driverId) throws LibvirtException {
        try {
            Map<String, String> os = osInfo(ask(channel, "guest-get-osinfo", driverId));
            String hostname = hostName(ask(channel, "guest-get-host-name", driverId));
            List<GuestInfo.Interface> interfaces = interfaces(ask(channel, "guest-network-get-interfaces", driverId));
            GuestInfo.Timezone timezone = timezone(ask(channel, "guest-get-timezone", driverId));
            List<GuestInfo.User> users = users(ask(channel, "guest-get-users", driverId));
            List<GuestInfo.FileSystem> fileSystems = fileSystems(ask(channel, "guest-get-fsinfo", driverId));
            return new GuestInfo(true, null, os, hostname, interfaces, timezone, users, fileSystems);
        } catch (LibvirtException e) {
            String reason = noAgentReason(e);
            if (reason != null) {
                return GuestInfo.noAgent(reason);
            }
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    driverId + ": the guest agent's answer is not what its protocol says: " + e.getMessage());
        }
    }

    /** The answer to one command, or null when the agent answered that it does not have it (an older agent). */
    private static String ask(Channel channel, String command, String driverId) throws LibvirtException {
        try {
            return send(channel, "{\"execute\":\"" + command + "\"}", command, driverId, MAX_ANSWER);
        } catch (LibvirtException e) {
            if (refusedCommand(e)) {
                LOG.debug("{}: the guest agent does not answer {}: {}", driverId, command, LibvirtFaults.reason(e));
                return null;
            }
            throw e;
        }
    }

    /** One request; the agent's refusal is thrown as libvirt raised it. */
    private static String send(Channel channel, String json, String command, String driverId, int maxAnswer)
            throws LibvirtException {
        String reply;
        try {
            reply = channel.command(json, TIMEOUT_SECONDS);
        } catch (LinkageError e) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    driverId + ": libvirt's QEMU library (libvirt-qemu.so, Debian package libvirt0) is not installed"
                            + " on the machine Strata runs on, so it cannot ask guest agents");
        }
        if (reply == null) {
            // libvirt-java answers null, without an error, when it could not load libvirt-qemu's library
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    driverId + ": libvirt gave no answer of the guest agent to " + command + "; is libvirt's QEMU"
                            + " library (libvirt-qemu.so, Debian package libvirt0) installed on the machine Strata"
                            + " runs on?");
        }
        if (reply.length() > maxAnswer) {
            throw new IllegalArgumentException(
                    "the answer to " + command + " is longer than " + maxAnswer + " characters");
        }
        return reply;
    }

    // ---- programs in the guest

    /**
     * Runs a program through {@code guest-exec} (output captured, input given base64) and polls {@code
     * guest-exec-status} until it has exited, waiting {@link #FIRST_POLL} first and twice as long each time up to
     * {@link #LONGEST_POLL}: a short program answers in tens of milliseconds, a long one (an upgrade) costs a poll
     * every half second. At the command's timeout, or when the caller is interrupted, the program is killed with
     * {@code /bin/kill -9 PID} run the same way (best effort: a Windows guest has no such program) and the call
     * fails DRIVER_FAILURE.
     *
     * @throws DriverException  CONFLICT when no agent answers (with libvirt's reason); DRIVER_FAILURE when the agent
     *                          refuses the program (it does not exist, or guest-exec is blocked), when it did not end
     *                          in time, or when an answer is not what the agent's protocol says
     * @throws LibvirtException for other libvirt errors, for the session to map
     */
    GuestCommandResult exec(Channel channel, String driverId, String vmId, GuestCommand command)
            throws LibvirtException {
        long deadline = System.nanoTime() + command.timeout().toNanos();
        long pid;
        try {
            pid = pid(send(channel, execRequest(command), "guest-exec", driverId, MAX_ANSWER));
        } catch (LibvirtException e) {
            throw execFailure(e, driverId, vmId, command.path());
        } catch (IllegalArgumentException e) {
            throw protocol(driverId, e);
        }
        long waitMillis = FIRST_POLL.toMillis();
        while (true) {
            GuestCommandResult result;
            try {
                result = execStatus(send(channel, statusRequest(pid), "guest-exec-status", driverId, MAX_EXEC_ANSWER));
            } catch (LibvirtException e) {
                throw execFailure(e, driverId, vmId, command.path());
            } catch (IllegalArgumentException e) {
                throw protocol(driverId, e);
            }
            if (result != null) {
                return result;
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                kill(channel, driverId, pid);
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        driverId + ": " + command.path() + " in the guest of " + vmId + " did not end within "
                                + command.timeout().toMillis() + " ms; killed (pid " + pid + ")");
            }
            try {
                Thread.sleep(Math.min(waitMillis, leftMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(channel, driverId, pid);
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        driverId + ": interrupted while " + command.path() + " ran in the guest of " + vmId
                                + "; killed (pid " + pid + ")");
            }
            waitMillis = Math.min(waitMillis * 2, LONGEST_POLL.toMillis());
        }
    }

    /** Best effort: the program may have ended meanwhile, the agent may be gone or the guest may have no kill. */
    private static void kill(Channel channel, String driverId, long pid) {
        try {
            GuestCommand kill = new GuestCommand("/bin/kill", List.of("-9", Long.toString(pid)), null, FIRST_POLL);
            long killer = pid(send(channel, execRequest(kill), "guest-exec", driverId, MAX_ANSWER));
            // Reading the statuses lets the agent forget both processes; what they say no longer matters.
            send(channel, statusRequest(pid), "guest-exec-status", driverId, MAX_EXEC_ANSWER);
            send(channel, statusRequest(killer), "guest-exec-status", driverId, MAX_EXEC_ANSWER);
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("{}: could not kill guest process {}: {}", driverId, pid, e.getMessage());
        }
    }

    private static DriverException execFailure(LibvirtException e, String driverId, String vmId, String path)
            throws LibvirtException {
        String reason = noAgentReason(e);
        if (reason != null) {
            return new DriverException(
                    Fault.CONFLICT, driverId + ": cannot run " + path + " in the guest of " + vmId + ": " + reason, e);
        }
        if (refusedCommand(e)) {
            return new DriverException(
                    Fault.DRIVER_FAILURE,
                    driverId + ": the guest agent of " + vmId + " refused to run " + path + ": "
                            + LibvirtFaults.reason(e),
                    e);
        }
        throw e;
    }

    private static DriverException protocol(String driverId, IllegalArgumentException e) {
        return new DriverException(
                Fault.DRIVER_FAILURE,
                driverId + ": the guest agent's answer is not what its protocol says: " + e.getMessage());
    }

    /** {@code guest-exec} with its arguments as the qga schema names them. */
    static String execRequest(GuestCommand command) {
        StringBuilder json = new StringBuilder("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":");
        Json.quote(json, command.path());
        json.append(",\"arg\":[");
        for (int i = 0; i < command.args().size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            Json.quote(json, command.args().get(i));
        }
        json.append(']');
        if (command.input() != null) {
            json.append(",\"input-data\":\"")
                    .append(Base64.getEncoder().encodeToString(command.input().getBytes(StandardCharsets.UTF_8)))
                    .append('"');
        }
        return json.append(",\"capture-output\":true}}").toString();
    }

    private static String statusRequest(long pid) {
        return "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}";
    }

    /** {@code guest-exec}: {@code {"pid": 1234}}. */
    static long pid(String answer) {
        if (!(object(returned(answer), "guest-exec").get("pid") instanceof Long pid)) {
            throw new IllegalArgumentException("guest-exec returned no pid");
        }
        return pid;
    }

    /**
     * {@code guest-exec-status}: {@code {"exited", "exitcode" or "signal", "out-data", "err-data" (base64),
     * "out-truncated", "err-truncated"}}; null while the program runs. A program ended by a signal gives 128 plus
     * its number, as a shell reports it.
     */
    static GuestCommandResult execStatus(String answer) {
        Map<String, Object> status = object(returned(answer), "guest-exec-status");
        if (!Boolean.TRUE.equals(status.get("exited"))) {
            return null;
        }
        int exitCode;
        if (status.get("exitcode") instanceof Long code) {
            exitCode = code.intValue();
        } else if (status.get("signal") instanceof Long signal) {
            exitCode = 128 + signal.intValue();
        } else {
            throw new IllegalArgumentException("guest-exec-status: an ended program without exit code or signal");
        }
        boolean truncated =
                Boolean.TRUE.equals(status.get("out-truncated")) || Boolean.TRUE.equals(status.get("err-truncated"));
        return new GuestCommandResult(
                exitCode, decoded(status.get("out-data")), decoded(status.get("err-data")), truncated);
    }

    private static String decoded(Object base64) {
        if (base64 == null) {
            return "";
        }
        if (!(base64 instanceof String text)) {
            throw new IllegalArgumentException("guest-exec-status: output that is not base64 text");
        }
        // Malformed UTF-8 becomes U+FFFD: the program's output is shown, not interpreted.
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    /**
     * libvirt's words when the agent answered with an error: the command is unknown to this agent, or disabled in
     * it ({@code --block-rpcs}): "unable to execute QEMU agent command 'guest-get-osinfo': The command ... has not
     * been found".
     */
    static boolean refusedCommand(LibvirtException e) {
        return LibvirtFaults.code(e) == ErrorNumber.VIR_ERR_INTERNAL_ERROR
                && LibvirtFaults.reason(e).contains("unable to execute QEMU agent command");
    }

    /** The reason no agent answers, with a hint where libvirt's words alone leave the operator guessing; or null. */
    static String noAgentReason(LibvirtException e) {
        ErrorNumber code = LibvirtFaults.code(e);
        if (code == null || !NO_AGENT.contains(code)) {
            return null;
        }
        String reason = LibvirtFaults.reason(e);
        if (reason.contains("not configured")) {
            return reason + " (the VM's definition has no org.qemu.guest_agent.0 channel)";
        }
        if (reason.contains("not connected")) {
            return reason + " (qemu-guest-agent is not installed or not running in the guest, or the guest is still"
                    + " booting)";
        }
        return reason;
    }

    // ---- the agent's answers (QEMU's qapi/qga schema), each {"return": ...}

    /** {@code guest-get-osinfo}: the keys of {@link GuestInfo#OS_KEYS} whose values are strings. */
    static Map<String, String> osInfo(String answer) {
        Map<String, String> os = new LinkedHashMap<>();
        if (answer == null) {
            return os;
        }
        Map<String, Object> result = object(returned(answer), "guest-get-osinfo");
        for (String key : GuestInfo.OS_KEYS) {
            if (result.get(key) instanceof String value) {
                os.put(key, text(value));
            }
        }
        return os;
    }

    /** {@code guest-get-host-name}: {@code {"host-name": "..."}}. */
    static String hostName(String answer) {
        if (answer == null) {
            return null;
        }
        Object name = object(returned(answer), "guest-get-host-name").get("host-name");
        return name instanceof String s ? text(s) : null;
    }

    /**
     * {@code guest-network-get-interfaces}: {@code [{"name", "hardware-address", "ip-addresses": [{"ip-address",
     * "ip-address-type", "prefix"}]}]}, in the agent's order. An address that is not one, or whose prefix does not
     * fit its family, is left out.
     */
    static List<GuestInfo.Interface> interfaces(String answer) {
        List<GuestInfo.Interface> result = new ArrayList<>();
        if (answer == null) {
            return result;
        }
        if (!(returned(answer) instanceof List<?> list)) {
            throw new IllegalArgumentException("guest-network-get-interfaces returned no list");
        }
        for (Object item : list) {
            if (result.size() == MAX_INTERFACES) {
                break;
            }
            Map<String, Object> nic = object(item, "an interface of guest-network-get-interfaces");
            if (!(nic.get("name") instanceof String name) || name.isBlank()) {
                continue;
            }
            List<GuestInfo.Address> addresses = new ArrayList<>();
            if (nic.get("ip-addresses") instanceof List<?> ips) {
                for (Object ip : ips) {
                    GuestInfo.Address address = address(ip);
                    if (address != null && addresses.size() < MAX_ADDRESSES) {
                        addresses.add(address);
                    }
                }
            }
            String mac = nic.get("hardware-address") instanceof String s && !s.isBlank() ? text(s) : null;
            result.add(new GuestInfo.Interface(text(name), mac, addresses));
        }
        return result;
    }

    /** {@code guest-get-timezone}: {@code {"zone": "CET", "offset": 3600}}, the zone optional; null for none. */
    static GuestInfo.Timezone timezone(String answer) {
        if (answer == null) {
            return null;
        }
        Map<String, Object> result = object(returned(answer), "guest-get-timezone");
        if (!(result.get("offset") instanceof Long offset) || Math.abs(offset) > MAX_OFFSET_SECONDS) {
            throw new IllegalArgumentException("guest-get-timezone returned no offset of at most a day");
        }
        String zone = result.get("zone") instanceof String z ? text(z) : null;
        return new GuestInfo.Timezone(zone, offset.intValue());
    }

    /**
     * {@code guest-get-users}: {@code [{"user", "domain" (Windows), "login-time": seconds since the epoch, a
     * fraction}]}; an entry without a user name is left out.
     */
    static List<GuestInfo.User> users(String answer) {
        List<GuestInfo.User> result = new ArrayList<>();
        if (answer == null) {
            return result;
        }
        if (!(returned(answer) instanceof List<?> list)) {
            throw new IllegalArgumentException("guest-get-users returned no list");
        }
        for (Object item : list) {
            if (result.size() == MAX_USERS) {
                break;
            }
            Map<String, Object> user = object(item, "a user of guest-get-users");
            if (!(user.get("user") instanceof String name) || name.isBlank()) {
                continue;
            }
            String domain = user.get("domain") instanceof String d ? text(d) : null;
            result.add(new GuestInfo.User(text(name), domain, loginTime(user.get("login-time"))));
        }
        return result;
    }

    private static Instant loginTime(Object value) {
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > MAX_EPOCH_SECONDS) {
            return null;
        }
        double seconds = n.doubleValue();
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1_000_000) * 1_000);
    }

    /**
     * {@code guest-get-fsinfo}: {@code [{"name", "mountpoint", "type", "used-bytes", "total-bytes", "disk": [...]}]},
     * in the agent's order. A file system without {@code total-bytes} is left out: the agent gives no sizes for
     * pseudo file systems, and one whose size it could not read (statvfs failed) tells an operator nothing either.
     */
    static List<GuestInfo.FileSystem> fileSystems(String answer) {
        List<GuestInfo.FileSystem> result = new ArrayList<>();
        if (answer == null) {
            return result;
        }
        if (!(returned(answer) instanceof List<?> list)) {
            throw new IllegalArgumentException("guest-get-fsinfo returned no list");
        }
        for (Object item : list) {
            if (result.size() == MAX_FILE_SYSTEMS) {
                break;
            }
            Map<String, Object> fs = object(item, "a file system of guest-get-fsinfo");
            if (!(fs.get("mountpoint") instanceof String mountpoint)
                    || mountpoint.isBlank()
                    || !(fs.get("total-bytes") instanceof Long total)
                    || total < 0) {
                continue;
            }
            long used = fs.get("used-bytes") instanceof Long u && u >= 0 ? u : -1;
            String type = fs.get("type") instanceof String t ? text(t) : "";
            result.add(new GuestInfo.FileSystem(text(mountpoint), type, total, used));
        }
        return result;
    }

    private static GuestInfo.Address address(Object item) {
        if (!(item instanceof Map<?, ?> ip)
                || !(ip.get("ip-address") instanceof String text)
                || !(ip.get("prefix") instanceof Long prefix)) {
            return null;
        }
        // A link-local IPv6 address may carry its zone ("fe80::1%eth0"): the zone means nothing off the guest.
        int zone = text.indexOf('%');
        String address = zone < 0 ? text : text.substring(0, zone);
        if (!IP.matcher(address).matches()) {
            return null;
        }
        boolean v6 = address.indexOf(':') >= 0;
        if (!v6 && address.chars().filter(c -> c == '.').count() != 3) {
            return null;
        }
        if (prefix < 0 || prefix > (v6 ? 128 : 32)) {
            return null;
        }
        return new GuestInfo.Address(address.toLowerCase(Locale.ROOT), prefix.intValue());
    }

    private static Object returned(String answer) {
        Object parsed = Json.parse(answer);
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("return")) {
            throw new IllegalArgumentException("an answer without \"return\"");
        }
        return map.get("return");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " returned no object");
        }
        return (Map<String, Object>) value;
    }

    /** A string from the guest, fit to show: control characters replaced, at most {@link #MAX_TEXT} characters. */
    static String text(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_TEXT));
        for (int i = 0; i < value.length() && out.length() < MAX_TEXT; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString().strip();
    }
}

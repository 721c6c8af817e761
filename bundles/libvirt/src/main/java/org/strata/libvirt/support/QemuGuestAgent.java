package org.strata.libvirt.support;

import java.util.ArrayList;
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
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The QEMU guest agent through libvirt's agent pass-through ({@code virDomainQemuAgentCommand}): the file-system
 * freeze of snapshots, and what the guest says about itself ({@link #guestInfo}).
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
     * What the agent of a running domain says: its OS ({@code guest-get-osinfo}), host name ({@code
     * guest-get-host-name}) and interfaces ({@code guest-network-get-interfaces}). No agent answering is {@link
     * GuestInfo#noAgent} with libvirt's reason; a command an older agent lacks leaves its part empty. Other libvirt
     * errors are thrown for the session to map (a broken connection, a hypervisor without agent pass-through).
     *
     * @throws LibvirtException for a libvirt error that does not mean "no agent"
     * @throws DriverException  UNSUPPORTED without libvirt-qemu's library; DRIVER_FAILURE for an answer that is not
     *                          what the agent's protocol says
     */
    GuestInfo guestInfo(Domain domain, String driverId) throws LibvirtException {
        Map<String, String> os;
        String hostname;
        List<GuestInfo.Interface> interfaces;
        try {
            os = osInfo(ask(domain, "guest-get-osinfo", driverId));
            hostname = hostName(ask(domain, "guest-get-host-name", driverId));
            interfaces = interfaces(ask(domain, "guest-network-get-interfaces", driverId));
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
        return new GuestInfo(true, null, os, hostname, interfaces);
    }

    /** The answer to one command, or null when the agent answered that it does not have it (an older agent). */
    private static String ask(Domain domain, String command, String driverId) throws LibvirtException {
        String reply;
        try {
            reply = domain.qemuAgentCommand("{\"execute\":\"" + command + "\"}", TIMEOUT_SECONDS, 0);
        } catch (LinkageError e) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    driverId + ": libvirt's QEMU library (libvirt-qemu.so, Debian package libvirt0) is not installed"
                            + " on the machine Strata runs on, so it cannot ask guest agents");
        } catch (LibvirtException e) {
            if (refusedCommand(e)) {
                LOG.debug("{}: the guest agent does not answer {}: {}", driverId, command, LibvirtFaults.reason(e));
                return null;
            }
            throw e;
        }
        if (reply == null) {
            // libvirt-java answers null, without an error, when it could not load libvirt-qemu's library
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    driverId + ": libvirt gave no answer of the guest agent to " + command + "; is libvirt's QEMU"
                            + " library (libvirt-qemu.so, Debian package libvirt0) installed on the machine Strata"
                            + " runs on?");
        }
        if (reply.length() > MAX_ANSWER) {
            throw new IllegalArgumentException(
                    "the answer to " + command + " is longer than " + MAX_ANSWER + " characters");
        }
        return reply;
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
